import HostileText
import Testing

/// The readers the escaping property tests rely on see what a browser and Discord would, so an
/// equal result there means something.
@Suite struct HostileTextReaderTests {
    @Test func theTokenizerFindsTagsAndAttributesTheWayHTML5Does() {
        typealias A = HTMLTokenizer.Attribute
        #expect(
            HTMLTokenizer.markup(#"<P Class="a b" data-x='1'onclick=go()>t</p x>"#) == [
                .startTag(
                    name: "p",
                    attributes: [
                        A(name: "class", value: "a b"), A(name: "data-x", value: "1"),
                        A(name: "onclick", value: "go()"),
                    ], selfClosing: false),
                .endTag(name: "p"),
            ])
        #expect(
            HTMLTokenizer.markup("<img src=x onerror=alert(1)/>") == [
                .startTag(
                    name: "img", attributes: [A(name: "src", value: "x"), A(name: "onerror", value: "alert(1)/")],
                    selfClosing: false)
            ])
        #expect(HTMLTokenizer.markup("<br/>") == [.startTag(name: "br", attributes: [], selfClosing: true)])
        // Not tags: `<` before a non-letter, and anything inside RAWTEXT or RCDATA but the end tag.
        #expect(HTMLTokenizer.markup("a < b <3 <\u{0600}b>").isEmpty)
        #expect(
            HTMLTokenizer.markup("<style><b></style ><title><i>&lt;</title>").count == 4)
        #expect(HTMLTokenizer.text("<title><i>&lt;&#x41;&#66;&amp;x</title>") == "<i><AB&x")
        #expect(HTMLTokenizer.markup("<!-- <b> --><!DOCTYPE html>") == [.comment(" <b> "), .doctype("html")])
        #expect(HTMLTokenizer.markup("<p title=\"&quot;>x") == [])
    }

    @Test func discordMarkupSeesEscapesAndMentionsByScalar() {
        #expect(DiscordMarkup.live(#"\*a* \\_"#) == ["*", "_"])
        #expect(DiscordMarkup.live("\u{0600}*b*") == ["*", "*"])
        #expect(DiscordMarkup.live("hi @everyone @\u{200B}here <@1>") == ["@mention", "<", "@mention", ">"])
        #expect(DiscordMarkup.shown(#"\[x\] @"# + "\u{200B}y") == "[x] @y")
    }
}
