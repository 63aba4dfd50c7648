import NIOCore

/// AUTH PLAIN and AUTH LOGIN, with or without an initial response.
extension SMTPSessionHandler {
    func startAuth(_ context: ChannelHandlerContext, _ argument: String) {
        let parts = argument.split(separator: " ")
        let mechanism = parts.first.map { $0.uppercased() } ?? ""
        guard options.authMechanisms.contains(mechanism) else {
            reply(context, "504 5.5.4 mechanism not supported")
            return
        }
        let initial = parts.count > 1 ? String(parts[1]) : nil
        switch mechanism {
        case "PLAIN":
            if let initial {
                finishPlain(context, initial)
            } else {
                phase = .authPlain
                reply(context, "334 ")
            }
        default:
            if let initial {
                phase = .authLoginPassword(user: Self.decodeBase64(initial) ?? "")
                reply(context, "334 UGFzc3dvcmQ6")
            } else {
                phase = .authLoginUser
                reply(context, "334 VXNlcm5hbWU6")
            }
        }
    }

    func finishPlain(_ context: ChannelHandlerContext, _ line: String) {
        // authzid NUL authcid NUL password
        let fields = (Self.decodeBase64(line) ?? "").split(separator: "\0", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            phase = .command
            reply(context, "501 5.5.2 malformed AUTH PLAIN")
            return
        }
        authenticate(context, user: String(fields[1]), password: String(fields[2]), mechanism: "PLAIN")
    }

    func authenticate(_ context: ChannelHandlerContext, user: String, password: String, mechanism: String) {
        phase = .command
        if let expected = options.credentials, expected.user != user || expected.password != password {
            reply(context, "535 5.7.8 authentication credentials invalid")
            return
        }
        authenticatedUser = user
        authMechanism = mechanism
        reply(context, "235 2.7.0 authentication successful")
    }
}
