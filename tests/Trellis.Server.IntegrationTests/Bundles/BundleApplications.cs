using Trellis.Data;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>The server as bundle tests use it: the real configuration store receives each bundle's action.</summary>
public class BundleApplication(DatabaseProvider provider) : TrellisApplication(provider);

public sealed class SqliteBundleApplication() : BundleApplication(DatabaseProvider.Sqlite);

public sealed class PostgresBundleApplication() : BundleApplication(DatabaseProvider.Postgres);
