import Foundation
import RecordsCore
import StoreTestSupport
import Testing

@testable import Storage

extension StorageSuite {
    /// A transaction cut by its task's cancellation (a Lambda slice at its deadline, a server
    /// stopping): it rolls back, and the connection takes the next transaction. On SQLite a
    /// `ROLLBACK` that the cancelled task never sent left the one connection inside the transaction,
    /// and every later `BEGIN` failed ("cannot start a transaction within a transaction").
    @Suite struct CancelledTransactionTests {
        @Test(arguments: Backend.testable)
        func aCancelledTransactionRollsBackAndTheNextOneRuns(backend: Backend) async throws {
            try await TestStores.with(backend, logger: TestDatabase.logger) { databases in
                let store = databases[0].store
                try await store.run("CREATE TABLE cut_probe (n integer NOT NULL)")
                let (entered, inside) = AsyncStream<Void>.makeStream()
                let cut = Task {
                    try await store.transaction { tx in
                        try await tx.run("INSERT INTO cut_probe (n) VALUES (1)")
                        inside.yield()
                        try await Task.sleep(for: .seconds(60))
                        // A statement after the cancellation point, as a check's commit would be.
                        try await tx.run("INSERT INTO cut_probe (n) VALUES (2)")
                    }
                }
                var iterator = entered.makeAsyncIterator()
                await iterator.next()
                cut.cancel()
                let outcome = await cut.result
                #expect(throws: (any Error).self) { try outcome.get() }
                try await store.transaction { tx in try await tx.run("INSERT INTO cut_probe (n) VALUES (3)") }
                let rows = try await store.rows("SELECT n FROM cut_probe ORDER BY n")
                #expect(try rows.map { try $0.int("n") } == [3])
            }
        }
    }
}
