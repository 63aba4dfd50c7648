/// A small HTML reader that follows the HTML5 tokenization rules (WHATWG "Tokenization", §13.2.5)
/// for what an injection would change: tag open, tag names, the attribute name and value states
/// (quoted, unquoted, missing whitespace, self-closing), end tags, comments, doctypes, bogus
/// comments, and the RCDATA (`title`, `textarea`) and RAWTEXT (`style`, `script`, …) elements.
///
/// Character references are decoded for the five the renderers write and for numeric ones; other
/// named references stay as written (the full table is not needed to see a tag or an attribute).
public enum HTMLTokenizer {
    /// One attribute as the tokenizer sees it.
    public struct Attribute: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One token; text is delivered with its character references decoded.
    public enum Token: Equatable, Sendable {
        case startTag(name: String, attributes: [Attribute], selfClosing: Bool)
        case endTag(name: String)
        case comment(String)
        case doctype(String)
        case text(String)
    }

    /// Every token of `html`, adjacent text joined.
    public static func tokens(_ html: String) -> [Token] {
        var reader = Reader(html)
        reader.run()
        return reader.tokens
    }

    /// The document's structure: every token but text. Two renderings with different names and the
    /// same template must have the same markup.
    public static func markup(_ html: String) -> [Token] {
        tokens(html).filter {
            if case .text = $0 { return false }
            return true
        }
    }

    /// The document's text as a reader sees it (references decoded), one string.
    public static func text(_ html: String) -> String {
        tokens(html).map {
            if case .text(let text) = $0 { return text }
            return ""
        }.joined()
    }

    private static let rcdata: Set<String> = ["title", "textarea"]
    private static let rawtext: Set<String> = ["style", "script", "xmp", "iframe", "noembed", "noframes", "noscript"]

    private struct Reader {
        var input: [Unicode.Scalar]
        var at = 0
        var tokens: [Token] = []
        var pendingText = ""

        init(_ html: String) {
            // Input stream preprocessing: CRLF and lone CR become LF.
            var scalars: [Unicode.Scalar] = []
            var previousCR = false
            for scalar in html.unicodeScalars {
                if scalar == "\r" {
                    scalars.append("\n")
                    previousCR = true
                    continue
                }
                if scalar == "\n", previousCR {
                    previousCR = false
                    continue
                }
                previousCR = false
                scalars.append(scalar)
            }
            input = scalars
        }

        var current: Unicode.Scalar? { at < input.count ? input[at] : nil }

        func peek(_ offset: Int) -> Unicode.Scalar? { at + offset < input.count ? input[at + offset] : nil }

        static func isAlpha(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
            scalar == "\t" || scalar == "\n" || scalar == "\u{0C}" || scalar == " "
        }

        static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }

        mutating func emit(_ token: Token) {
            if !pendingText.isEmpty {
                tokens.append(.text(pendingText))
                pendingText = ""
            }
            tokens.append(token)
        }

        mutating func run() {
            while let scalar = current {
                if scalar == "&" {
                    at += 1
                    pendingText += characterReference()
                } else if scalar == "<" {
                    tagOpen()
                } else {
                    pendingText.unicodeScalars.append(scalar)
                    at += 1
                }
            }
            if !pendingText.isEmpty { tokens.append(.text(pendingText)) }
        }

        /// At `<` in the data state.
        mutating func tagOpen() {
            let next = peek(1)
            if Self.isAlpha(next) {
                at += 1
                tag(end: false)
            } else if next == "/" {
                if Self.isAlpha(peek(2)) {
                    at += 2
                    tag(end: true)
                } else if peek(2) == ">" {
                    at += 3
                } else {
                    at += 2
                    emit(.comment(until(">")))
                }
            } else if next == "!" {
                at += 2
                markupDeclaration()
            } else if next == "?" {
                at += 1
                emit(.comment(until(">")))
            } else {
                pendingText += "<"
                at += 1
            }
        }

        /// Everything up to `terminator` (consumed), or to the end.
        mutating func until(_ terminator: String) -> String {
            let end = Array(terminator.unicodeScalars)
            var out = String.UnicodeScalarView()
            while at < input.count {
                if Array(input[at..<min(input.count, at + end.count)]) == end {
                    at += end.count
                    return String(out)
                }
                out.append(input[at])
                at += 1
            }
            return String(out)
        }

        mutating func markupDeclaration() {
            if current == "-", peek(1) == "-" {
                at += 2
                // `<!-->` and `<!--->` close at once.
                if current == ">" {
                    at += 1
                    emit(.comment(""))
                } else if current == "-", peek(1) == ">" {
                    at += 2
                    emit(.comment(""))
                } else {
                    emit(.comment(until("-->")))
                }
            } else if String(String.UnicodeScalarView(input[at..<min(input.count, at + 7)])).lowercased() == "doctype" {
                at += 7
                emit(.doctype(until(">").trimmingSpaces))
            } else {
                emit(.comment(until(">")))
            }
        }

        /// From the first letter of a tag name; drops the tag when the input ends inside it.
        mutating func tag(end: Bool) {
            var name = ""
            var attributes: [Attribute] = []
            var selfClosing = false
            while let scalar = current, !Self.isSpace(scalar), scalar != "/", scalar != ">" {
                name.unicodeScalars.append(Self.lower(scalar))
                at += 1
            }
            // Before attribute name.
            while true {
                guard let scalar = current else { return }
                if Self.isSpace(scalar) {
                    at += 1
                    continue
                }
                if scalar == ">" {
                    at += 1
                    break
                }
                if scalar == "/" {
                    at += 1
                    if current == ">" {
                        at += 1
                        selfClosing = true
                        break
                    }
                    continue
                }
                // Attribute name (a leading `=` belongs to the name).
                var attribute = Attribute(name: String(Self.lower(scalar)), value: "")
                at += 1
                while let next = current, !Self.isSpace(next), next != "/", next != ">", next != "=" {
                    attribute.name.unicodeScalars.append(Self.lower(next))
                    at += 1
                }
                // After attribute name.
                while Self.isSpace(current) { at += 1 }
                guard current == "=" else {
                    attributes.append(attribute)
                    continue
                }
                at += 1
                // Before attribute value.
                while Self.isSpace(current) { at += 1 }
                guard let opening = current else { return }
                if opening == "\"" || opening == "'" {
                    at += 1
                    while true {
                        guard let valueScalar = current else { return }
                        at += 1
                        if valueScalar == opening { break }
                        if valueScalar == "&" {
                            attribute.value += characterReference()
                        } else {
                            attribute.value.unicodeScalars.append(valueScalar)
                        }
                    }
                    // After attribute value (quoted): anything else starts the next attribute.
                } else if opening != ">" {
                    while let valueScalar = current, !Self.isSpace(valueScalar), valueScalar != ">" {
                        at += 1
                        if valueScalar == "&" {
                            attribute.value += characterReference()
                        } else {
                            attribute.value.unicodeScalars.append(valueScalar)
                        }
                    }
                }
                attributes.append(attribute)
            }
            if end {
                emit(.endTag(name: name))
                return
            }
            emit(.startTag(name: name, attributes: attributes, selfClosing: selfClosing))
            if name == "plaintext" {
                pendingText += String(String.UnicodeScalarView(input[at...]))
                at = input.count
            } else if HTMLTokenizer.rcdata.contains(name) || HTMLTokenizer.rawtext.contains(name) {
                rawContent(of: name, decoding: HTMLTokenizer.rcdata.contains(name))
            }
        }

        /// RCDATA or RAWTEXT up to the element's own end tag (`</name` then space, `/` or `>`).
        mutating func rawContent(of name: String, decoding: Bool) {
            let closing = Array(("</" + name).unicodeScalars)
            while let scalar = current {
                if scalar == "<", at + closing.count <= input.count,
                    input[at..<at + closing.count].map(Self.lower) == closing,
                    let after = peek(closing.count), Self.isSpace(after) || after == "/" || after == ">"
                {
                    at += 2
                    tag(end: true)
                    return
                }
                at += 1
                if scalar == "&", decoding {
                    pendingText += characterReference()
                } else {
                    pendingText.unicodeScalars.append(scalar)
                }
            }
        }

        /// Just after `&`: the decoded reference, or `&` when none follows.
        mutating func characterReference() -> String {
            if current == "#" {
                var offset = 1
                let hex = peek(1) == "x" || peek(1) == "X"
                if hex { offset += 1 }
                var digits = ""
                while let digit = peek(offset), hex ? digit.properties.isASCIIHexDigit : ("0"..."9").contains(digit) {
                    digits.unicodeScalars.append(digit)
                    offset += 1
                }
                guard !digits.isEmpty, let value = UInt32(digits, radix: hex ? 16 : 10) else { return "&" }
                if peek(offset) == ";" { offset += 1 }
                at += offset
                return Unicode.Scalar(value).map { String($0) } ?? "\u{FFFD}"
            }
            for (name, value) in [("amp;", "&"), ("lt;", "<"), ("gt;", ">"), ("quot;", "\""), ("apos;", "'")] {
                let scalars = Array(name.unicodeScalars)
                if at + scalars.count <= input.count, Array(input[at..<at + scalars.count]) == scalars {
                    at += scalars.count
                    return value
                }
            }
            return "&"
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
