/// Test shorthand for "what the registry decodes this type and payload to", one per family, nil when it does not hold.
import SetBoardCore

private func registry(_ type: String, _ payload: JSONValue) -> Event? {
    try? EventRegistry.decode(type: type, payload: payload)
}

extension BoardEvent {
    init?(type: String, payload: JSONValue) {
        guard case let .board(e)? = registry(type, payload) else { return nil }
        self = e
    }
}

extension IncidentEvent {
    init?(type: String, payload: JSONValue) {
        guard case let .incident(e)? = registry(type, payload) else { return nil }
        self = e
    }
}

extension PageEvent {
    init?(type: String, payload: JSONValue) {
        guard case let .page(e)? = registry(type, payload) else { return nil }
        self = e
    }
}

extension RosterEvent {
    init?(type: String, payload: JSONValue) {
        guard case let .roster(e)? = registry(type, payload) else { return nil }
        self = e
    }
}

extension CycleEvent {
    init?(type: String, payload: JSONValue) {
        guard case let .cycle(e)? = registry(type, payload) else { return nil }
        self = e
    }
}
