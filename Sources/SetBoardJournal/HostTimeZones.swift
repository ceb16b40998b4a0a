/// The host's time-zone database behind Core's `TimeZoneProvider`: what the commands and the app layer hand the roster.
import Foundation
import SetBoardCore

/// Rules read from Foundation's `TimeZone` (the host's tzdata), for IANA region names only.
public struct HostTimeZones: TimeZoneProvider {
    public init() {}

    public func rules(for identifier: String) -> (any ZoneRules)? {
        // TimeZone accepts abbreviations and offsets too ("EST", "GMT+1"); a roster wants real places.
        guard RosterClock.isRegionName(identifier), let zone = TimeZone(identifier: identifier) else { return nil }
        return HostZoneRules(identifier: identifier, zone: zone)
    }
}

struct HostZoneRules: ZoneRules {
    let identifier: String
    let zone: TimeZone

    /// tzdata counts seconds; Core counts milliseconds.
    func offset(at t: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t) / 1000))) * 1000
    }
}
