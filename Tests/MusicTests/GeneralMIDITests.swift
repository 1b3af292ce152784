import Testing
@testable import Music

@Suite struct GeneralMIDITests {
    @Test func programNames() {
        #expect(GeneralMIDI.programNames.count == 128)
        #expect(GeneralMIDI.programNames[0] == "Acoustic Grand Piano" && GeneralMIDI.programNames[40] == "Violin")
        #expect(GeneralMIDI.program(named: "violin") == 40)
        #expect(GeneralMIDI.program(named: "flute") == 73)
        #expect(GeneralMIDI.program(named: "no such thing") == nil)
    }

    @Test func percussionNamesFollowTheGMPercussionMap() {
        #expect(GeneralMIDI.percussionChannel == 9)
        #expect(GeneralMIDI.percussionName(of: 35) == "Acoustic Bass Drum")
        #expect(GeneralMIDI.percussionName(of: 42) == "Closed Hi-Hat")
        #expect(GeneralMIDI.percussionName(of: 81) == "Open Triangle")
        #expect(GeneralMIDI.percussionName(of: 34) == nil && GeneralMIDI.percussionName(of: 82) == nil)
        #expect(GeneralMIDI.percussionLabel(of: 36) == "kick" && GeneralMIDI.percussionLabel(of: 38) == "snare")
        #expect(GeneralMIDI.percussionLabel(of: 42) == "closed hi-hat")
        #expect(GeneralMIDI.percussionLabel(of: 22) == "key 22")
        #expect(GeneralMIDI.percussionTable.count == 47)
    }
}
