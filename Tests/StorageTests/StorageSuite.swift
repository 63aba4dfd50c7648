import Testing

/// Every storage test, run one after another: the pool-recovery test stops the shared PostgreSQL server,
/// which would break tests running beside it.
@Suite(.serialized) struct StorageSuite {}
