// Non-variadic wrappers around libcurl's variadic calls, which Swift cannot import.
// Each wrapper passes exactly one argument of the type the option documents.
#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <curl/curl.h>
#include <stddef.h>

/// The signature libcurl calls to read the upload (CURLOPT_READFUNCTION).
typedef size_t (*ccurl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

/// Initialises libcurl once per process (curl_global_init is not thread-safe on every build).
/// Returns the result of the one real initialisation on every call.
CURLcode ccurl_global_init_once(void);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_read_callback(CURL *handle, ccurl_read_callback callback);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, long long value);

/// CURLINFO_* values of type long (e.g. CURLINFO_RESPONSE_CODE).
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
