import AWSClient
import Foundation

/// The AWS deployment's settings (docs/deploy-lambda.md): the map-search queue and the credentials
/// its requests are signed with, and how a scheduled slice keeps clear of its deadline.
///
/// Settings:
/// - `MAP_SEARCH_QUEUE_URL` (the original AWS deployment's name): new map-search jobs are sent to
///   this SQS queue; unset keeps them in the database queue only;
/// - `AWS_REGION` (or `AWS_DEFAULT_REGION`): the queue's region, required with a queue URL;
/// - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`: the signing credentials
///   (Lambda sets them from the function's role), required with a queue URL;
/// - `LAMBDA_SLICE_MARGIN_MS` (default 10000): a scheduled slice of the daily run stops this long
///   before the invocation's deadline, so it records where it stopped while the service still waits;
/// - `LAMBDA_DAILY_HOUR` (default 0, UTC): ticks before this hour leave the day's daily run alone, so
///   a schedule that ticks all day for the live watcher still sends the digests at the chosen hour;
/// - `LAMBDA_WATCH_SECONDS` (default 540): the longest live-watch turn of one tick (`WATCH_MODE=live`);
///   keep it under the schedule's interval so ticks do not queue behind each other; 0 turns it off.
public struct AWSConfig: Sendable, Equatable {
    /// The map-search queue and what its requests are signed with.
    public struct Queue: Sendable, Equatable {
        public var url: URL
        public var region: String
        public var credentials: AWSCredentials
    }

    /// `nil` without `MAP_SEARCH_QUEUE_URL`.
    public var mapSearchQueue: Queue?
    /// Time a scheduled slice keeps back before its deadline.
    public var sliceMargin: Duration
    /// The UTC hour from which a tick starts (or resumes) the day's daily run.
    public var dailyHour: Int
    /// The longest live-watch turn of one tick.
    public var watchTurn: Duration

    public init(
        mapSearchQueue: Queue? = nil, sliceMargin: Duration = .seconds(10), dailyHour: Int = 0,
        watchTurn: Duration = .seconds(540)
    ) {
        self.mapSearchQueue = mapSearchQueue
        self.sliceMargin = sliceMargin
        self.dailyHour = dailyHour
        self.watchTurn = watchTurn
    }

    /// Reads the section.
    /// - Throws: ``AppConfig/Invalid`` for a malformed queue URL, or a queue URL without a region or
    ///   credentials (a Lambda function then fails its initialisation instead of its first job).
    init(_ reader: ConfigReader) throws {
        sliceMargin = .milliseconds(try reader.integer("LAMBDA_SLICE_MARGIN_MS", default: 10_000, range: 0...600_000))
        dailyHour = try reader.integer("LAMBDA_DAILY_HOUR", default: 0, range: 0...23)
        // A Lambda invocation lasts at most 900 s.
        watchTurn = .seconds(try reader.integer("LAMBDA_WATCH_SECONDS", default: 540, range: 0...900))
        guard let raw = reader.value("MAP_SEARCH_QUEUE_URL") else {
            mapSearchQueue = nil
            return
        }
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false, url.path.count > 1
        else {
            throw AppConfig.Invalid(
                description:
                    "MAP_SEARCH_QUEUE_URL must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)"
            )
        }
        guard let region = reader.value("AWS_REGION") ?? reader.value("AWS_DEFAULT_REGION") else {
            throw AppConfig.Invalid(description: "MAP_SEARCH_QUEUE_URL is set: AWS_REGION must be set too")
        }
        let credentials: AWSCredentials
        do {
            credentials = try AWSCredentials.fromEnvironment(reader.values)
        } catch let missing as AWSCredentials.Missing {
            throw AppConfig.Invalid(
                description:
                    "MAP_SEARCH_QUEUE_URL is set: \(missing.description) (the function's role provides them on Lambda)")
        }
        mapSearchQueue = Queue(url: url, region: region, credentials: credentials)
    }
}
