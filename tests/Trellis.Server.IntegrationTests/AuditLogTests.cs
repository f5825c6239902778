using System.Net;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests;

/// <summary>The audit log for tooling (docs/administration.md#audit-log): filters, pages, and who reads which lines.</summary>
public abstract class AuditLogTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset s_at = new(2030, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASiteAdminFiltersAndPagesEveryLine_ASpaceAdminReadsOnlyTheirSpace()
    {
        app.SkipUnlessAvailable();
        var family = $"t{Guid.NewGuid():N}"[..12] + ".";
        var adminId = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Login == TrellisApplication.AdminLogin).Id));
        await app.WithDbAsync(async db =>
        {
            // Written in time order, as the server writes them.
            db.AuditLog.Add(new AuditEntry { At = s_at, UserId = adminId, Action = family + "a", Target = "defect/1", SharedSpaceId = 1001, WorkspaceId = 1002 });
            await db.SaveChangesAsync(Cancel);
            db.AuditLog.Add(new AuditEntry { At = s_at.AddHours(1), UserId = adminId, Action = family + "b", Target = "user/2", SharedSpaceId = 1001 });
            await db.SaveChangesAsync(Cancel);
            db.AuditLog.Add(new AuditEntry { At = s_at.AddHours(2), Action = family + "a", Target = "defect/3", SharedSpaceId = 4242 });
            return await db.SaveChangesAsync(Cancel);
        });

        using var admin = await app.SignedInAsync();
        var all = await admin.GetObjectAsync($"/admin/audit?action={family}");
        Assert.Equal(3, all["total_count"]!.GetValue<int>());
        Assert.Equal(["defect/3", "user/2", "defect/1"], all.Data().Select(l => l!.Text("target")));
        Assert.Equal("2030-01-01T12:00:00Z", all.Data()[0]!.Text("at"));
        Assert.Equal(TrellisApplication.AdminLogin, all.Data()[1]!.Text("user"));

        Assert.Equal(2, (await admin.GetObjectAsync($"/admin/audit?action={family}&entity_type=defect"))["total_count"]!.GetValue<int>());
        Assert.Equal(2, (await admin.GetObjectAsync($"/admin/audit?action={family}a"))["total_count"]!.GetValue<int>());
        Assert.Equal(2, (await admin.GetObjectAsync($"/admin/audit?action={family}&user=ADMIN"))["total_count"]!.GetValue<int>());
        var hour = await admin.GetObjectAsync($"/admin/audit?action={family}&from=2030-01-01T10:30:00Z&to=2030-01-01T12:00:00Z");
        Assert.Equal(["user/2"], hour.Data().Select(l => l!.Text("target")));
        var second = await admin.GetObjectAsync($"/admin/audit?action={family}&offset=1&limit=1");
        Assert.Equal(3, second["total_count"]!.GetValue<int>());
        Assert.Equal(["user/2"], second.Data().Select(l => l!.Text("target")));

        var login = $"space-admin-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, "Audit-Password-1", 1001, ("space_admin", 1001, null));
        using var spaceAdmin = await app.SignedInAsync(login, "Audit-Password-1");
        var space = await spaceAdmin.GetObjectAsync($"/admin/shared_spaces/1001/audit?action={family}");
        Assert.Equal(["user/2", "defect/1"], space.Data().Select(l => l!.Text("target")));
        using var site = await spaceAdmin.GetAsync($"/admin/audit?action={family}", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, site.StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2030-13-01", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task ABadTimeOrNumberIsA400NamingTheParameter(string query, string parameter)
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync($"/admin/shared_spaces/1001/audit?{query}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadObjectAsync();
        Assert.True(body["errors"]?[parameter] is not null, body.ToJsonString());
    }
}

public sealed class SqliteAuditLogTests(SqliteApplication app) : AuditLogTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresAuditLogTests(PostgresApplication app) : AuditLogTests(app), IClassFixture<PostgresApplication>;
