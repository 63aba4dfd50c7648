/// The names under which the fake counts calls and matches faults.
public enum FakeEndpoint {
    public static let nadeoLogin = "core.basic"
    public static let nadeoRefresh = "core.refresh"
    public static let top = "live.top"
    public static let position = "live.position"
    public static let mapInfo = "live.mapInfo"
    public static let oauthToken = "oauth.token"
    public static let displayNames = "oauth.displayNames"
    public static let accountIds = "oauth.accountIds"
    public static let exchangeMaps = "tmx.maps"
    public static let exchangeUsers = "tmx.users"
}
