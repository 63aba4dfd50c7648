/// Facts about this binary fixed when it was built.
public enum BuildInfo {
    /// The version it was built from: a release tag (`v1.1.0`), a tag and the commits since
    /// (`v1.1.0-3-g1a2b3c4`), a bare commit, `-dirty` when built from uncommitted changes, or
    /// whatever `RECORDSW_VERSION` said at build time. Shown by `recordsw --version`, `/health` and `/`.
    public static let version = stampedVersion
}
