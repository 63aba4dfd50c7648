import Foundation

/// The role column of `users` (CHECK `user`/`admin`).
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case user
    case admin
}

/// A row of `users`.
public struct User: Sendable, Equatable {
    public var id: Int
    /// Site username; `NULL` is allowed by the original schema.
    public var username: String?
    public var email: String
    /// The bcrypt hash (`$2a$`/`$2b$`, 60 characters) or whatever an old row holds.
    public var passwordHash: String
    public var createdAt: Date
    public var tmUsername: String?
    public var tmAccountId: String?
    public var role: UserRole

    public init(
        id: Int, username: String?, email: String, passwordHash: String, createdAt: Date,
        tmUsername: String? = nil, tmAccountId: String? = nil, role: UserRole = .user
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.tmUsername = tmUsername
        self.tmAccountId = tmAccountId
        self.role = role
    }
}

/// The values needed to insert a user.
public struct NewUser: Sendable, Equatable {
    public var username: String
    /// Already trimmed and lower-cased.
    public var email: String
    public var passwordHash: String
    public var role: UserRole

    public init(username: String, email: String, passwordHash: String, role: UserRole = .user) {
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
    }
}

/// What an attempt to register produced.
public enum RegistrationOutcome: Sendable, Equatable {
    case created(User)
    /// `users` already holds `maxUsers` rows or more.
    case capReached
    case usernameTaken
    case emailTaken
}
