using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Trellis.Data.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<TrellisDbContext>
{
    /// <inheritdoc/>
    public TrellisDbContext CreateDbContext(string[] args)
    {
        // The file is never opened by `migrations add`; `database update` creates it in the working directory.
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=trellis-design.db", MigrateOnStart: true);
        var options = new DbContextOptionsBuilder<TrellisDbContext>();
        DataExtensions.Configure(options, settings);
        return new TrellisDbContext(options.Options);
    }
}
