/// A rotation window as JSON, for `setboard cycle --json` and reading one back; times are ISO 8601 to the second or ms.

extension CycleTeam {
    public var json: JSONValue {
        .object([("lead", lead.map { .string($0) } ?? .null),
                 ("seats", .array(seats.map { .object([("shift", .string($0.shift)), ("role", .string($0.role.rawValue)),
                                                      ("handle", .string($0.handle))]) }))])
    }

    public init?(json: JSONValue) {
        var seats: [CycleSeat] = []
        for s in json["seats"]?.arrayValue ?? [] {
            guard let shift = s["shift"]?.stringValue, let handle = s["handle"]?.stringValue,
                  let role = s["role"]?.stringValue.flatMap(OnCallRole.init(rawValue:)), role != .lead else { return nil }
            seats.append(CycleSeat(shift: shift, role: role, handle: handle))
        }
        self.init(lead: json["lead"]?.stringValue, seats: seats)
    }
}

extension CycleWindow {
    public var json: JSONValue {
        func iso(_ ms: Int64) -> JSONValue {
            let seconds = WorkingTime.floorDiv(ms, 1000) % 60
            return .string(WorkingTime.isoMinute(ms).replacingSpaceWithT() + (seconds < 10 ? ":0" : ":") + "\(seconds)Z")
        }
        return .object([("id", .string(id)), ("start", iso(start)), ("handoverDue", iso(handoverDue)), ("end", iso(end)),
                        ("utcOffsetMinutes", .int(Int64(utcOffsetMinutes))),
                        ("outgoing", outgoing.json), ("incoming", incoming.json)])
    }

    /// Nil when a field is missing or does not hold, or the times are out of order; never traps.
    public init?(json: JSONValue) {
        func time(_ key: String) -> Int64? {
            guard let v = json[key] else { return nil }
            return v.intValue ?? v.stringValue.flatMap(WorkingTime.parseISO8601)
        }
        guard let id = json["id"]?.stringValue, let start = time("start"), let due = time("handoverDue"),
              let end = time("end"), start < end, start <= due, due <= end,
              let outgoing = json["outgoing"].flatMap(CycleTeam.init(json:)),
              let incoming = json["incoming"].flatMap(CycleTeam.init(json:)) else { return nil }
        let offset = json["utcOffsetMinutes"]?.intValue ?? 0
        guard abs(offset) <= 18 * 60 else { return nil }
        self.init(id: id, start: start, handoverDue: due, end: end, outgoing: outgoing, incoming: incoming,
                  utcOffsetMinutes: Int(offset))
    }
}

extension String {
    fileprivate func replacingSpaceWithT() -> String { String(map { $0 == " " ? "T" : $0 }) }
}
