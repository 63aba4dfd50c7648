/// The names under which the fake counts calls and matches faults.
public enum FakeEndpoint {
    /// Nadeo Core Basic login.
    public static let nadeoLogin = "core.basic"
    /// Nadeo Core token refresh.
    public static let nadeoRefresh = "core.refresh"
    /// Nadeo Live leaderboard top.
    public static let top = "live.top"
    /// Nadeo Live positions for scores.
    public static let position = "live.position"
    /// Nadeo Live `map/get-multiple`.
    public static let mapInfo = "live.mapInfo"
    /// OAuth client-credentials grant.
    public static let oauthToken = "oauth.token"
    /// OAuth display names by account id.
    public static let displayNames = "oauth.displayNames"
    /// OAuth account ids by display name.
    public static let accountIds = "oauth.accountIds"
    /// TMX map search.
    public static let exchangeMaps = "tmx.maps"
    /// TMX user search.
    public static let exchangeUsers = "tmx.users"
}
