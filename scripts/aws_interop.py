"""The checks behind scripts/aws-interop-test.sh (run it, not this file)."""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
import botocore.session

FIXED = "20261207T061500Z"
FIXED_EPOCH = 1796624100  # 2026-12-07T06:15:00Z
KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# method, url, headers, body, region, service, session token
VECTORS = [
    ("GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
     [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], "", "us-east-1", "iam", None),
    ("POST", "https://sqs.eu-west-1.amazonaws.com/",
     [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
     "Action=SendMessage&MessageBody=0b80a255-53a1-4945-a932-58ef7777682c&QueueUrl=https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F123456789012%2Frecordsw-map-search&Version=2012-11-05",
     "eu-west-1", "sqs", None),
    ("POST", "https://sqs.eu-west-1.amazonaws.com/",
     [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("User-Agent", "recordsw/1.0"),
      ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")],
     "Action=SendMessage&MessageBody=x", "eu-west-1", "sqs",
     "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQ/session+token="),
    ("GET", "https://sqs.us-east-2.amazonaws.com/123456789012/queue%20one?b=2&a=3&a=1&empty=",
     [("X-Custom", "  spaced    value  ")], "", "us-east-2", "sqs", None),
    ("POST", "http://127.0.0.1:4566/123456789012/local-queue",
     [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AmazonSQS.SendMessage")],
     '{"QueueUrl":"http://127.0.0.1:4566/123456789012/local-queue","MessageBody":"ünïcode ✓"}',
     "us-east-1", "sqs", None),
    ("GET", "https://example.execute-api.eu-central-1.amazonaws.com/prod/a-b_c.d~e/%C3%A7?x=%2F&y=%20",
     [], "", "eu-central-1", "execute-api", "token"),
]


def botocore_signature(method, url, headers, body, region, service, token):
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body.encode())
    auth = SigV4Auth(Credentials(KEY, SECRET, token), service, region)
    request.context["timestamp"] = FIXED
    auth._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    return canonical, auth.signature(auth.string_to_sign(request, canonical), request)


def check_signatures(bin_dir):
    vectors = [
        {"method": m, "url": u, "headers": [list(h) for h in hs], "body": b, "time": FIXED_EPOCH, "region": r,
         "service": s, "accessKeyId": KEY, "secretAccessKey": SECRET, **({"sessionToken": t} if t else {})}
        for (m, u, hs, b, r, s, t) in VECTORS
    ]
    out = subprocess.run([os.path.join(bin_dir, "sigv4-vectors")], input=json.dumps(vectors).encode(),
                         capture_output=True, check=True)
    ours = json.loads(out.stdout)
    failures = 0
    for vector, mine in zip(VECTORS, ours):
        canonical, signature = botocore_signature(*vector)
        if canonical != mine["canonicalRequest"] or signature != mine["signature"]:
            failures += 1
            print(f"MISMATCH {vector[0]} {vector[1]}\n--- botocore\n{canonical}\n{signature}\n--- recordsw\n"
                  f"{mine['canonicalRequest']}\n{mine['signature']}")
    print(f"sigv4: {len(VECTORS) - failures}/{len(VECTORS)} signatures equal botocore's")
    return failures == 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def v2_event(method, path, query="", headers=None, body=None):
    event = {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query,
             "headers": headers or {}, "isBase64Encoded": False,
             "requestContext": {"http": {"method": method, "path": path, "sourceIp": "203.0.113.5",
                                         "userAgent": "aws-interop"}, "requestId": str(uuid.uuid4())}}
    if body is not None:
        event["body"] = body
    return event


def invoke(bin_dir, env, folder, *events, expect_exit=0):
    paths = []
    for i, event in enumerate(events):
        path = os.path.join(folder, f"event-{uuid.uuid4().hex}-{i}.json")
        with open(path, "w") as f:
            json.dump(event, f)
        paths.append(path)
    result = subprocess.run([os.path.join(bin_dir, "recordsw"), "lambda", "invoke", "--env-file", os.path.join(folder, "absent.env"), *paths],
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != expect_exit:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"recordsw lambda invoke exited {result.returncode}, expected {expect_exit}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()], result.stderr


def round_trip(bin_dir):
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        session = botocore.session.get_session()
        sqs = session.create_client("sqs", region_name="us-east-1", endpoint_url=endpoint,
                                    aws_access_key_id="testing", aws_secret_access_key="testing")
        queue_url = sqs.create_queue(QueueName="recordsw-map-search")["QueueUrl"]
        folder = tempfile.mkdtemp(prefix="recordsw-aws-interop-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"SQLITE_PATH": os.path.join(folder, "store.sqlite"), "JWT_SECRET": "interop-secret-0123456789abcdef-0123456789",
                    "MAP_SEARCH_QUEUE_URL": queue_url, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing-session",
                    "LOG_LEVEL": "warning", "TRACKMANIA_RATE_LIMIT": "1000",
                    "TRACKMANIA_DEMO_WORLD": os.path.abspath("Fixtures/trackmania/world.json")})
        # Missing credentials with a queue URL: a clear configuration error (exit 78), nothing opened.
        bad = dict(env)
        del bad["AWS_ACCESS_KEY_ID"], bad["AWS_SECRET_ACCESS_KEY"]
        _, stderr = invoke(bin_dir, bad, folder, v2_event("GET", "/health"), expect_exit=78)
        assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set" in stderr, stderr
        assert not os.path.exists(env["SQLITE_PATH"]), "a store was opened without credentials"
        subprocess.run([os.path.join(bin_dir, "recordsw"), "create-admin", "--env-file", os.path.join(folder, "absent.env"), "--email",
                        "interop@example.com", "--username", "Interop"], env={**env, "RECORDSW_ADMIN_PASSWORD":
                       "correct-horse-1"}, check=True, capture_output=True, timeout=120)
        answers, _ = invoke(bin_dir, env, folder, v2_event(
            "POST", "/api/v1/users/login", headers={"content-type": "application/json"},
            body=json.dumps({"email": "interop@example.com", "password": "correct-horse-1"})))
        assert answers[0]["statusCode"] == 200, answers
        token = json.loads(answers[0]["body"])["access_token"]
        auth = {"authorization": f"Bearer {token}"}
        answers, _ = invoke(bin_dir, env, folder,
                            v2_event("GET", "/api/v1/users/maps", "username=RavageRunner&period=1d", auth))
        assert answers[0]["statusCode"] == 202, answers
        job = json.loads(answers[0]["body"])["jobId"]
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=2).get("Messages", [])
        assert [m["Body"] for m in messages] == [job], f"queue holds {messages}, expected the job {job}"
        print(f"sqs: recordsw sent job {job} to {queue_url}")
        record = messages[0]
        batch = {"Records": [{"messageId": record["MessageId"], "receiptHandle": record["ReceiptHandle"],
                              "body": record["Body"], "eventSource": "aws:sqs", "awsRegion": "us-east-1",
                              "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:recordsw-map-search",
                              "attributes": {}, "messageAttributes": {}, "md5OfBody": record["MD5OfBody"]}]}
        answers, _ = invoke(bin_dir, env, folder, batch,
                            v2_event("GET", f"/api/v1/users/maps/status/{job}", headers=auth))
        assert answers[0] == {"batchItemFailures": []}, answers[0]
        status = json.loads(answers[1]["body"])
        assert status["status"] == "completed", status
        print(f"sqs: the worker path received job {job} and completed it ({len(status['result'])} maps)")
        return True
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    ok = check_signatures(args.bin)
    ok = round_trip(args.bin) and ok
    print("aws interop: " + ("passed" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
