/// The one reader of digest item payloads (`digest_items.payload`, written by the check and driver
/// phases as ``MapperRecordPayload`` and ``DriverChangePayload``), for the send and push phases alike.
extension DigestItem {
    /// What the item says, `nil` when its payload cannot be read.
    var content: PushNews.Entry.Content? {
        switch section {
        case .mapper: PayloadCoding.decode(MapperRecordPayload.self, payload).map { .record($0) }
        case .driver: PayloadCoding.decode(DriverChangePayload.self, payload).map { .change($0) }
        }
    }

    /// The kind of news the item is, for routing by the player's preferences (an unreadable driver
    /// item counts as driver news of no particular kind).
    var newsKind: NewsKinds {
        // Only a driver item's kind depends on its payload: a mapper item is not decoded for it.
        guard section == .driver else { return NewsKinds.of(section, driverChange: nil) }
        let change: DriverChangeKind? = if case .change(let payload)? = content { payload.kind } else { nil }
        return NewsKinds.of(section, driverChange: change)
    }
}

/// A user's items decoded into the two sections of a digest, oldest first; unreadable items are left out.
struct DecodedDigestItems: Sendable {
    var records: [MapperRecordPayload] = []
    var changes: [DriverChangePayload] = []

    init(_ items: [DigestItem]) {
        for item in items {
            switch item.content {
            case .record(let record)?: records.append(record)
            case .change(let change)?: changes.append(change)
            case nil: break
            }
        }
    }

    var isEmpty: Bool { records.isEmpty && changes.isEmpty }
}
