import Foundation

/// Discord's checks of an execute-webhook body, as the real API applies them (400, code 50035).
enum DiscordValidation {
    /// The refusal, or `nil` when the body is acceptable; `units` are the embeds' `title\ndescription`.
    static func check(_ body: Data) -> (refusal: String?, units: [String]) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return ("body is not a JSON object", [])
        }
        let content = object["content"] as? String
        let embeds = object["embeds"] as? [[String: Any]] ?? []
        if (content ?? "").isEmpty && embeds.isEmpty { return ("empty message", []) }
        if let content, length(content) > 2000 { return ("content over 2000", []) }
        if embeds.count > 10 { return ("more than 10 embeds", []) }
        var total = 0
        var units: [String] = []
        for (index, embed) in embeds.enumerated() {
            let title = embed["title"] as? String ?? ""
            let description = embed["description"] as? String ?? ""
            if length(title) > 256 { return ("embeds.\(index).title over 256", []) }
            if length(description) > 4096 { return ("embeds.\(index).description over 4096", []) }
            total += length(title) + length(description)
            if let footer = (embed["footer"] as? [String: Any])?["text"] as? String {
                if length(footer) > 2048 { return ("embeds.\(index).footer over 2048", []) }
                total += length(footer)
            }
            let fields = embed["fields"] as? [[String: Any]] ?? []
            if fields.count > 25 { return ("embeds.\(index).fields over 25", []) }
            for field in fields {
                let name = field["name"] as? String ?? ""
                let value = field["value"] as? String ?? ""
                if length(name) > 256 || length(value) > 1024 { return ("embeds.\(index).fields too long", []) }
                total += length(name) + length(value)
            }
            units.append(title + "\n" + description)
        }
        if total > 6000 { return ("embeds over 6000 characters in all", []) }
        if units.isEmpty, let content { units.append(content) }
        return (nil, units)
    }

    static func length(_ text: String) -> Int { text.utf16.count }
}
