import RecordsCore

/// The body the run-progress routes answer: the run's row and its counters so far.
enum CronRunStatus {
    static func response(run: DailyRun, report: DailyRunReport?) -> Response {
        var object = JSONObject([
            ("runId", .number(Double(run.id))),
            ("status", .string(run.status.rawValue)),
            ("runDate", .string(run.runDate)),
            ("startedAt", .string(Timestamps.iso8601(run.startedAt))),
            ("finishedAt", run.finishedAt.map { JSONValue.string(Timestamps.iso8601($0)) } ?? JSONValue.null),
        ])
        if let report {
            object["phase"] = .string(report.phase.rawValue)
            for member in report.responseObject.members where member.key != "runId" {
                object[member.key] = member.value
            }
            object["resumedFrom"] = report.resumedFrom.map { JSONValue.number(Double($0)) } ?? JSONValue.null
            if let error = report.error { object["error"] = .string(error) }
        }
        return .json(200, JSONValue.object(object))
    }
}
