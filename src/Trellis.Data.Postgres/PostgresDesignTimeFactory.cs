using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Trellis.Data.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without starting the server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<TrellisDbContext>
{
    /// <inheritdoc/>
    public TrellisDbContext CreateDbContext(string[] args)
    {
        // `migrations add` never connects; `database update` uses TRELLIS_DESIGN_POSTGRES when it is set.
        var connection = Environment.GetEnvironmentVariable("TRELLIS_DESIGN_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=trellis;Password=trellis;Database=trellis";
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, connection, MigrateOnStart: true);
        var options = new DbContextOptionsBuilder<TrellisDbContext>();
        DataExtensions.Configure(options, settings);
        return new TrellisDbContext(options.Options);
    }
}
