/// The short confirmations shown after a change (post/redirect/get: `?notice=<code>`).
enum PreferenceNotice: String, Sendable, CaseIterable {
    case saved
    case added
    case addedUntested = "added-untested"
    case channelSaved = "channel-saved"
    case removed
    case testDelivered = "test-delivered"
    case testLater = "test-later"
    case testGone = "test-gone"
    case revoked
    case unsubscribe

    /// The text shown at the top of the page.
    var message: String {
        switch self {
        case .saved: "Your settings are saved."
        case .added: "The channel is added and a test message was sent to it."
        case .addedUntested:
            "The channel is added, but the test message could not be delivered right now. Try “Send a test” later."
        case .channelSaved: "The channel’s news choice is saved."
        case .removed: "The channel is removed."
        case .testDelivered: "The test message was delivered."
        case .testLater: "The test message could not be delivered right now. Try again later."
        case .testGone:
            "The service says this channel no longer exists, so it is now disabled. Add it again once fixed."
        case .revoked:
            "Older links no longer work. This page has a new address: bookmark it, or use the link in your next email."
        case .unsubscribe: "To stop the daily email, choose “Paused” below and save."
        }
    }

    /// Whether the notice reports a problem rather than a success.
    var isWarning: Bool { self == .addedUntested || self == .testLater || self == .testGone }
}
