/// What is wrong with a file a user wrote, worded for the command that reads it to print as is.
public struct FileProblem: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
