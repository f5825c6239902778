using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Trellis.Data;
using Trellis.Data.Sql;

namespace Trellis.Server.IntegrationTests;

/// <summary>The provider switch of <c>AddTrellisData</c> and the dialects it picks.</summary>
public sealed class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void From_NothingConfigured_UsesSqliteInTheDataDirectory()
    {
        var settings = DatabaseSettings.From(Config());
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "trellis.db")), new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);
    }

    [Fact]
    public void From_DataDirectory_PutsTrellisDbThere()
    {
        var settings = DatabaseSettings.From(Config(("Trellis:DataDirectory", "/var/lib/trellis")));
        Assert.Equal("/var/lib/trellis/trellis.db", new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);
    }

    [Fact]
    public void From_ARelativeDataDirectory_IsUnderTheContentRootNotTheWorkingDirectory()
    {
        var settings = DatabaseSettings.From(Config(("Trellis:DataDirectory", "./data")), contentRoot: "/opt/trellis");
        Assert.Equal("/opt/trellis/data/trellis.db", new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);
    }

    [Fact]
    public void From_Postgres_TakesTheConnectionStringAndTheMigrationSwitch()
    {
        var settings = DatabaseSettings.From(Config(("Trellis:Database:Provider", "postgres"), ("ConnectionStrings:Trellis", "Host=db"),
            ("Trellis:Database:MigrateOnStart", "false")));
        Assert.Equal(new DatabaseSettings(DatabaseProvider.Postgres, "Host=db", MigrateOnStart: false), settings);
    }

    public static TheoryData<string, string?> Refused => new()
    {
        { "Postgres", null },
        { "Oracle", "Host=db" },
        { "7", "Host=db" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void From_UnknownProviderOrPostgresWithoutConnection_Throws(string provider, string? connection)
    {
        var values = new List<(string, string)> { ("Trellis:Database:Provider", provider) };
        if (connection is not null)
        {
            values.Add(("ConnectionStrings:Trellis", connection));
        }

        Assert.Throws<InvalidOperationException>(() => DatabaseSettings.From(Config([.. values])));
    }

    [Fact]
    public void Dialects_RefuseAFieldNameThatIsNotAPlainIdentifier()
    {
        ISqlDialect[] dialects = [new SqliteDialect(), new PostgresDialect()];
        Assert.All(dialects, d => Assert.Throws<ArgumentException>(() => d.JsonValue("e", "name') OR 1=1 --")));
        Assert.Equal("json_extract(e.fields, '$.parent')", dialects[0].JsonValue("e", "parent"));
        Assert.Equal("(e.fields -> 'parent')", dialects[1].JsonValue("e", "parent"));
    }
}
