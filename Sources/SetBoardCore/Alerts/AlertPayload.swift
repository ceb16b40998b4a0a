/// Alertmanager's webhook payload (format version "4"), read strictly into values: what `alert` and `watch --listen` take in.

/// One alert of a notification, as Alertmanager sends it.
public struct WebhookAlert: Equatable, Sendable {
    public var firing: Bool
    public var labels: [(String, String)]
    public var annotations: [(String, String)]
    /// Unix milliseconds; nil when Alertmanager sent its zero time.
    public var startsAt: Int64?
    public var endsAt: Int64?
    public var generatorURL: String
    public var fingerprint: String

    public func label(_ name: String) -> String? { labels.first { $0.0 == name }?.1 }
    public func annotation(_ name: String) -> String? { annotations.first { $0.0 == name }?.1 }
    /// The alert's name, `alertname`, or its fingerprint when it has none.
    public var name: String { label("alertname") ?? fingerprint }

    public static func == (a: WebhookAlert, b: WebhookAlert) -> Bool {
        a.firing == b.firing && a.labels.elementsEqual(b.labels, by: ==) && a.annotations.elementsEqual(b.annotations, by: ==)
            && a.startsAt == b.startsAt && a.endsAt == b.endsAt && a.generatorURL == b.generatorURL
            && a.fingerprint == b.fingerprint
    }
}

/// One webhook notification: one alert group, with the alerts Alertmanager put in it.
public struct WebhookNotification: Equatable, Sendable {
    public var groupKey: String
    public var receiver: String
    public var groupLabels: [(String, String)]
    public var commonLabels: [(String, String)]
    public var commonAnnotations: [(String, String)]
    public var externalURL: String
    public var truncatedAlerts: Int64
    public var alerts: [WebhookAlert]

    public func commonAnnotation(_ name: String) -> String? { commonAnnotations.first { $0.0 == name }?.1 }

    public static func == (a: WebhookNotification, b: WebhookNotification) -> Bool {
        a.groupKey == b.groupKey && a.receiver == b.receiver && a.groupLabels.elementsEqual(b.groupLabels, by: ==)
            && a.commonLabels.elementsEqual(b.commonLabels, by: ==)
            && a.commonAnnotations.elementsEqual(b.commonAnnotations, by: ==) && a.externalURL == b.externalURL
            && a.truncatedAlerts == b.truncatedAlerts && a.alerts == b.alerts
    }
}

/// Why a payload is not a notification this setboard takes: said to the sender (a 400) or on stderr.
public struct WebhookError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum WebhookPayload {
    /// A payload larger than this is refused before it is parsed: Alertmanager's own notifications of a few hundred
    /// alerts stay far below it.
    public static let maxBytes = 4 << 20
    /// At most this many alerts in one notification, and this many labels or annotations on one alert.
    public static let maxAlerts = 10_000
    public static let maxPairs = 200
    /// Alertmanager writes Go's zero time for an unset `endsAt`.
    static let zeroTimeYear = "0001-"

    /// Reads the JSON text: version "4", a group key, alerts each with a status, labels and a fingerprint. Fields
    /// this setboard does not use are ignored; a field it uses that is missing or of the wrong kind is an error
    /// that names it.
    public static func parse(_ text: String) throws(WebhookError) -> WebhookNotification {
        guard text.utf8.count <= maxBytes else { throw WebhookError("the payload is larger than \(maxBytes >> 20) MB") }
        guard let json = JSONValue.parse(text) else { throw WebhookError("the payload is not valid JSON") }
        do {
            return try notification(try PayloadReader(json, path: "webhook"))
        } catch let error as WebhookError {
            throw error
        } catch let error as PayloadError {
            throw WebhookError("the payload is not an Alertmanager notification: \(error)")
        } catch {
            throw WebhookError("the payload is not an Alertmanager notification")
        }
    }

    static func notification(_ p: PayloadReader) throws -> WebhookNotification {
        let version = try p.string("version")
        guard version == "4" else {
            throw WebhookError("the payload's version is \"\(TextSafety.escaped(version))\": setboard reads version \"4\"")
        }
        let groupKey = try p.string("groupKey")
        guard !groupKey.isEmpty else { throw PayloadError(field: "webhook.groupKey", reason: "is empty") }
        let list = try p.objects("alerts")
        guard list.count <= maxAlerts else {
            throw PayloadError(field: "webhook.alerts", reason: "has \(list.count) alerts, more than \(maxAlerts)")
        }
        var alerts: [WebhookAlert] = []
        for a in list { alerts.append(try alert(a)) }
        return WebhookNotification(
            groupKey: groupKey, receiver: try p.optionalString("receiver") ?? "",
            groupLabels: try pairs(p, "groupLabels"), commonLabels: try pairs(p, "commonLabels"),
            commonAnnotations: try pairs(p, "commonAnnotations"), externalURL: try p.optionalString("externalURL") ?? "",
            truncatedAlerts: try p.optionalInt("truncatedAlerts", in: 0...Int64(Int32.max)) ?? 0, alerts: alerts)
    }

    static func alert(_ a: PayloadReader) throws -> WebhookAlert {
        let status = try a.string("status")
        guard status == "firing" || status == "resolved" else {
            throw a.fail("status", "is \"\(TextSafety.escaped(status))\", not firing or resolved")
        }
        let fingerprint = try a.string("fingerprint")
        guard !fingerprint.isEmpty, fingerprint.unicodeScalars.count <= 64,
              fingerprint.unicodeScalars.allSatisfy({ $0.isASCII && !TextSafety.isUnsafe($0) && $0 != " " }) else {
            throw a.fail("fingerprint", "must be 1 to 64 printable ASCII characters")
        }
        return WebhookAlert(firing: status == "firing", labels: try pairs(a, "labels", required: true),
                            annotations: try pairs(a, "annotations"), startsAt: try time(a, "startsAt"),
                            endsAt: try time(a, "endsAt"), generatorURL: try a.optionalString("generatorURL") ?? "",
                            fingerprint: fingerprint)
    }

    /// An RFC 3339 time inside `ValidRange.instantMilliseconds`; Go's zero time (year 1) and absence read as nil.
    static func time(_ p: PayloadReader, _ key: String) throws(PayloadError) -> Int64? {
        guard let text = try p.optionalString(key), !text.hasPrefix(zeroTimeYear) else { return nil }
        guard let ms = WorkingTime.parseISO8601(text), ValidRange.instantMilliseconds.contains(ms) else {
            throw p.fail(key, "is \"\(TextSafety.escaped(text))\", not an RFC 3339 time")
        }
        return ms
    }

    /// A label set: an object of strings, in the order sent.
    static func pairs(_ p: PayloadReader, _ key: String, required: Bool = false) throws(PayloadError) -> [(String, String)] {
        let object = required ? try p.object(key) : try p.optionalObject(key)
        guard let object else { return [] }
        let fields = object.fields
        guard fields.count <= maxPairs else { throw p.fail(key, "has \(fields.count) entries, more than \(maxPairs)") }
        var out: [(String, String)] = []
        for f in fields {
            guard let s = f.value.stringValue else {
                throw PayloadError(field: f.field, reason: "is \(PayloadReader.kind(f.value)), not a string")
            }
            out.append((f.key, s))
        }
        return out
    }
}
