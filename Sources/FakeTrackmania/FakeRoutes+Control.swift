import Foundation
import Hummingbird
import NIOCore

extension FakeRoutes {
    /// `POST /_fake/records` body.
    struct RecordSubmission: Decodable {
        var mapUid: String
        var accountId: String
        var score: Int
        var timestamp: Int?
    }

    /// `POST /_fake/tokens/revoke` body.
    struct Revocation: Decodable {
        var access: Bool?
        var refresh: Bool?
        var oauth: Bool?
    }

    /// The control API: not counted in stats and never faulted.
    func registerControl(on router: Router<BasicRequestContext>) {
        router.get("/_fake/stats") { _, _ in Self.plain(.encoded(await state.currentStats())) }
        router.delete("/_fake/stats") { _, _ in
            await state.resetStats()
            return Response(status: .noContent)
        }
        router.post("/_fake/faults") { request, _ in
            let body = try await FakeRoutes.body(of: request)
            let decoder = JSONDecoder()
            guard
                let faults = (try? decoder.decode([FakeFault].self, from: body))
                    ?? (try? decoder.decode(FakeFault.self, from: body)).map({ [$0] })
            else { return Self.plain(.json(["error": "expected a fault or an array of faults"], status: .badRequest)) }
            await state.addFaults(faults)
            return Response(status: .noContent)
        }
        router.delete("/_fake/faults") { _, _ in
            await state.clearFaults()
            return Response(status: .noContent)
        }
        router.post("/_fake/records") { request, _ in
            guard
                let submission = try? await JSONDecoder().decode(
                    RecordSubmission.self, from: await FakeRoutes.body(of: request))
            else {
                return Self.plain(
                    .json(["error": "expected {mapUid, accountId, score, timestamp?}"], status: .badRequest))
            }
            guard
                let result = await state.submitRecord(
                    mapUid: submission.mapUid, accountId: submission.accountId, score: submission.score,
                    timestamp: submission.timestamp)
            else { return Self.plain(.json(["error": "unknown map"], status: .notFound)) }
            return Self.plain(.json(["changed": result.changed, "score": result.score, "timestamp": result.timestamp]))
        }
        router.get("/_fake/world") { _, _ in Self.plain(.encoded(await state.currentWorld())) }
        router.put("/_fake/world") { request, _ in
            guard let world = try? await JSONDecoder().decode(FakeWorld.self, from: await FakeRoutes.body(of: request))
            else {
                return Self.plain(.json(["error": "not a world document"], status: .badRequest))
            }
            await state.replaceWorld(world)
            return Response(status: .noContent)
        }
        router.post("/_fake/tokens") { request, _ in
            guard
                let lifetimes = try? await JSONDecoder().decode(
                    FakeWorld.TokenLifetimes.self, from: await FakeRoutes.body(of: request))
            else { return Self.plain(.json(["error": "expected token lifetimes"], status: .badRequest)) }
            await state.setTokenLifetimes(lifetimes)
            return Response(status: .noContent)
        }
        router.post("/_fake/tokens/revoke") { request, _ in
            let revocation =
                (try? await JSONDecoder().decode(Revocation.self, from: await FakeRoutes.body(of: request)))
            await state.revokeTokens(
                access: revocation?.access ?? true, refresh: revocation?.refresh ?? false,
                oauth: revocation?.oauth ?? false)
            return Response(status: .noContent)
        }
    }

    private static func plain(_ reply: Reply) -> Response {
        Response(
            status: reply.status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
