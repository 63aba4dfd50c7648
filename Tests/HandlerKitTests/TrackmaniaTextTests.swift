import RecordsCore
import Testing

@Suite("Trackmania text")
struct TrackmaniaTextTests {
    @Test(
        "codes are stripped the way the game reads them",
        arguments: [
            ("$f00Red$z Racer", "Red Racer"),
            ("$o$i$wFancy Pants", "Fancy Pants"),
            ("$F00$O$I$WCaps Codes", "Caps Codes"),
            ("Price: $$5", "Price: $5"),
            ("$$$$", "$$"),
            ("trailing $", "trailing "),
            ("$xunknown", "unknown"),
            ("$fGreen", "Green"),
            ("$f0Greenish", "Greenish"),
            ("$f0zone", "zone"),
            ("$12", ""),
            ("$<$f00inner$>outer", "innerouter"),
            ("$l[https://evil.example/x]click$l here", "click here"),
            ("$lhttps://example.com$l", "https://example.com"),
            ("$h[internal]Hub$h", "Hub"),
            ("$p[player]Pro$p", "Pro"),
            ("$l[unterminated", ""),
            ("$nNarrow$mMedium$tCaps$sShadow$gDefault", "NarrowMediumCapsShadowDefault"),
            ("plain name", "plain name"),
            ("Ünïcødé ☃ $f00🏁", "Ünïcødé ☃ 🏁"),
            ("", ""),
        ])
    func plain(name: String, expected: String) {
        #expect(TrackmaniaText.plain(name) == expected)
    }

    @Test("a name left empty by its codes falls back")
    func fallback() {
        #expect(TrackmaniaText.plain("$f00$o$z", fallback: "map 1234") == "map 1234")
        #expect(TrackmaniaText.plain("  $i  ", fallback: "someone") == "someone")
        #expect(TrackmaniaText.plain(" $f00Red ", fallback: "x") == " Red ")
        #expect(TrackmaniaText.display("$f00Red\u{202E}Racer", fallback: "x") == SafeText.plain("Red\u{202E}Racer"))
        #expect(TrackmaniaText.html("$o$z", fallback: "<unnamed>") == "&lt;unnamed&gt;")
    }

    @Test("styles follow the codes, with $z, $g and the $< $> stack")
    func styles() {
        let runs = TrackmaniaText.segments("$f00$oRed$gBold$zPlain$<$iIt$>After")
        #expect(runs.map(\.text) == ["Red", "Bold", "Plain", "It", "After"])
        #expect(runs[0].style.color == [15, 0, 0] && runs[0].style.bold)
        #expect(runs[1].style.color == nil && runs[1].style.bold)
        #expect(runs[2].style == TrackmaniaText.Style())
        #expect(runs[3].style.italic)
        #expect(!runs[4].style.italic)
    }

    @Test("HTML carries only escaped text and CSS built from the parsed style")
    func html() {
        #expect(
            TrackmaniaText.html("$f00<b>Red</b>$z & co", fallback: "x")
                == "<span style=\"color:#f00\">&lt;b&gt;Red&lt;/b&gt;</span> &amp; co")
        #expect(TrackmaniaText.html("$l[javascript:alert(1)]\"onmouseover=x", fallback: "x") == "&quot;onmouseover=x")
        let hostile = TrackmaniaText.html("$f0\"$o<script>alert(1)</script>", fallback: "x")
        #expect(!hostile.contains("<script"))
        #expect(hostile == "&quot;<span style=\"font-weight:bold\">&lt;script&gt;alert(1)&lt;/script&gt;</span>")
    }

    @Test("a 10,000-character name of codes and text is read in one pass")
    func long() {
        let name = String(repeating: "$f00a$o$$", count: 2_500)
        #expect(TrackmaniaText.plain(name).count == 5_000)
        #expect(TrackmaniaText.segments(name).count == 2)
    }
}
