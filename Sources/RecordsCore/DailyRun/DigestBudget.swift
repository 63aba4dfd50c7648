/// How much of each part a digest still has room for. Blocks are kept whole: a block that no
/// longer fits in a part is left out of that part (never cut mid-line or mid-markup), and the
/// blocks left out are counted in one closing line, so a digest of 5,000 items stays a bounded mail.
struct DigestBudget {
    /// One section as both parts show it.
    struct Section {
        var text: [String] = []
        var html: [String] = []
        /// The section's text alone, as kept in `daily_emails`.
        var sectionText = ""
    }

    /// UTF-8 bytes left for the text part.
    var text: Int
    /// UTF-8 bytes left for the HTML part.
    var html: Int

    /// Room the composer keeps aside for each section's heading and closing line (never spent on blocks).
    static let reserve = 600

    /// The section of `blocks` under `heading` (nothing when there are no blocks), as far as the
    /// budget goes; `folded` words the line that counts the blocks left out of a part.
    mutating func section(
        _ blocks: [DigestComposer.Block], heading: String, folded: (Int) -> String
    ) -> Section {
        guard !blocks.isEmpty else { return Section() }
        var shownText: [String] = []
        var shownHTML: [String] = []
        var textFull = false
        var htmlFull = false
        for block in blocks {
            let textCost = block.text.utf8.count + 1
            if !textFull && textCost <= text {
                shownText.append(block.text)
                text -= textCost
            } else {
                textFull = true
            }
            let card = DigestHTML.card(block.html)
            let htmlCost = card.utf8.count + 1
            if !htmlFull && htmlCost <= html {
                shownHTML.append(card)
                html -= htmlCost
            } else {
                htmlFull = true
            }
        }
        var section = Section()
        if shownText.count < blocks.count { shownText.append(folded(blocks.count - shownText.count) + "\n") }
        section.sectionText = shownText.joined(separator: "\n")
        section.text = [heading.uppercased(), ""] + shownText
        section.html = [DigestHTML.heading(heading)] + shownHTML
        if shownHTML.count < blocks.count {
            section.html.append(DigestHTML.card(DigestHTML.line(SafeText.html(folded(blocks.count - shownHTML.count)))))
        }
        return section
    }
}
