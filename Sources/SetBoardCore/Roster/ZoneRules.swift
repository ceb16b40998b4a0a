/// Time-zone rules as Core sees them: an offset at an instant, reached through a provider the caller injects, so Core reads no host files.

/// One zone's rules: how far its wall clock is from UTC at any instant.
public protocol ZoneRules: Sendable {
    /// The IANA name the rules were asked for ("Europe/Berlin").
    var identifier: String { get }
    /// Milliseconds to add to a UTC instant (Unix milliseconds) to get the zone's wall clock at that instant.
    func offset(at t: Int64) -> Int64
}

/// Where zone rules come from: the host's database in the app, a fixed table in tests.
public protocol TimeZoneProvider: Sendable {
    /// The rules for an IANA region name such as Europe/Berlin, or nil for a name this provider does not know.
    func rules(for identifier: String) -> (any ZoneRules)?
}

/// A zone whose offset never changes: UTC, the assumption for a name the provider does not know, and test zones.
public struct FixedOffsetZone: ZoneRules, Equatable {
    public var identifier: String
    /// Milliseconds east of UTC.
    public var offset: Int64

    public init(identifier: String, offset: Int64) {
        self.identifier = identifier
        self.offset = offset
    }

    public static let utc = FixedOffsetZone(identifier: "UTC", offset: 0)

    public func offset(at t: Int64) -> Int64 { offset }
}

/// A provider over a fixed table of rules; "UTC" is always known. Repeatable anywhere: no host database involved.
public struct FixedZoneProvider: TimeZoneProvider {
    public var zones: [String: any ZoneRules]

    public init(_ zones: [any ZoneRules] = []) {
        var table: [String: any ZoneRules] = [:]
        for z in zones { table[z.identifier] = z }
        self.zones = table
    }

    public func rules(for identifier: String) -> (any ZoneRules)? {
        zones[identifier] ?? (identifier == "UTC" ? FixedOffsetZone.utc : nil)
    }
}

/// Rules as a value the roster's summaries can hold and compare: two clocks are equal when they name the same zone.
public struct ZoneClock: Equatable, Sendable {
    /// The zone's name as the roster gives it.
    public let name: String
    /// The zone's rules, or UTC's (named "UTC", so text that prints the rules' name says what it shows).
    public let rules: any ZoneRules
    /// False when the provider did not know the name and the rules are UTC assumed in its place.
    public let known: Bool

    public init(name: String, rules: any ZoneRules, known: Bool = true) {
        self.name = name
        self.rules = rules
        self.known = known
    }

    public static func == (a: ZoneClock, b: ZoneClock) -> Bool {
        a.name == b.name && a.rules.identifier == b.rules.identifier && a.known == b.known
    }
}

extension TimeZoneProvider {
    /// The zone's rules, or UTC's when this host does not know the name (a roster imported on another host may
    /// name one): callers show `known == false` rather than pass UTC off as the zone.
    public func clock(_ identifier: String) -> ZoneClock {
        if let r = rules(for: identifier) { return ZoneClock(name: identifier, rules: r) }
        return ZoneClock(name: identifier, rules: FixedOffsetZone.utc, known: false)
    }

    /// True when the provider knows the name.
    public func knows(_ identifier: String) -> Bool { rules(for: identifier) != nil }
}
