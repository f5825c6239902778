using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Application.Errors;

namespace Trellis.Server.IntegrationTests;

/// <summary>Attachments (docs/reference/rest.md#responses-and-writes): both upload forms, the entity and its bytes, the owner's list, limits and deletes.</summary>
public abstract class AttachmentTests(TrellisApplication app)
{
    private const string Attachments = TrellisApplication.Base + "/attachments";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RawUpload_AsTheJsSdkSendsIt_CreatesAnAttachmentWhoseBytesComeBack()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var bytes = Encoding.UTF8.GetBytes("This is an attachment test file.");
        var owner = Uri.EscapeDataString($$"""{"id":{{defect}},"type":"work_item"}""");

        using var created = await client.PostAsync($"{Attachments}?name=attachment.txt&owner_work_item={owner}", Octets(bytes), Cancel);

        var text = await created.Content.ReadAsStringAsync(Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(1, body["total_count"]!.GetValue<int>());
        var attachment = body.Data()[0]!;
        Assert.Equal("attachment", attachment.Text("type"));
        Assert.Equal("attachment.txt", attachment.Text("name"));
        Assert.Equal(bytes.Length, attachment["size"]!.GetValue<int>());
        Assert.Equal(defect, attachment["owner_work_item"].Text("id"));
        var id = attachment.Text("id")!;

        var entity = await client.GetObjectAsync($"{Attachments}/{id}?fields=name");
        Assert.Equal("attachment.txt", entity.Text("name"));

        using var raw = new HttpRequestMessage(HttpMethod.Get, $"{Attachments}/{id}");
        raw.Headers.Accept.ParseAdd("application/octet-stream");
        using var content = await client.SendAsync(raw, Cancel);
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(Cancel));

        using var named = await client.GetAsync($"{Attachments}/{id}/attachment.txt", Cancel);
        Assert.Equal(bytes, await named.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal("attachment", named.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", string.Join(",", named.Headers.GetValues("X-Content-Type-Options")));

        var list = await client.GetObjectAsync(Attachments);
        Assert.Contains(list.Data(), a => a.Text("id") == id);
    }

    [Fact]
    public async Task MultipartUpload_WithEntityAndContentParts_KeepsTheMediaTypeAndDescription()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10 };

        using var created = await client.PostAsync(Attachments + "?fields=name,description,size",
            Multipart($$$"""{"name":"screen.png","description":"The crash","owner_work_item":{"type":"work_item","id":"{{{defect}}}"}}""", bytes, "image/png"), Cancel);

        var text = await created.Content.ReadAsStringAsync(Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        var attachment = JsonNode.Parse(text)!.AsObject().Data()[0]!.AsObject();
        Assert.Equal(["type", "id", "name", "description", "size"], attachment.Select(p => p.Key));
        Assert.Equal("The crash", attachment.Text("description"));
        using var download = await client.GetAsync($"{Attachments}/{attachment.Text("id")}/screen.png", Cancel);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task OwnersAttachmentsField_ListsItsAttachments_AndHasAttachmentsFollows()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var before = await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{defect}");
        Assert.False(before["has_attachments"]!.GetValue<bool>());

        var first = await UploadAsync(client, defect, "one.txt");
        var second = await UploadAsync(client, defect, "two.txt");

        var owner = await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{defect}?fields=attachments,has_attachments");
        Assert.True(owner["has_attachments"]!.GetValue<bool>());
        var attachments = owner["attachments"]!.AsObject();
        Assert.Equal(2, attachments["total_count"]!.GetValue<int>());
        Assert.Equal([first, second], attachments.Data().Select(a => a.Text("id")));
        Assert.Equal(["one.txt", "two.txt"], attachments.Data().Select(a => a.Text("name")));
        Assert.All(attachments.Data(), a => Assert.Equal("attachment", a.Text("type")));
        var asWorkItem = await client.GetObjectAsync($"{TrellisApplication.Base}/work_items/{defect}?fields=attachments{{name}}");
        Assert.Equal(2, asWorkItem["attachments"]!["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_OfAnAttachment_RemovesItsBytesAndItsPlaceInTheOwnersList()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var id = await UploadAsync(client, defect, "gone.txt");

        using var deleted = await client.DeleteAsync($"{Attachments}/{id}", Cancel);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsStringAsync(Cancel));
        using var entity = await client.GetAsync($"{Attachments}/{id}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(entity, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var raw = await client.GetAsync($"{Attachments}/{id}/gone.txt", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(raw, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        Assert.False(await app.WithDbAsync(db => db.AttachmentContents.AnyAsync(c => c.AttachmentId == long.Parse(id), Cancel)));
        var owner = await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{defect}?fields=attachments,has_attachments");
        Assert.Equal(0, owner["attachments"]!["total_count"]!.GetValue<int>());
        Assert.False(owner["has_attachments"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_OfTheOwner_DeletesItsAttachmentsAndTheirBytes()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var id = await UploadAsync(client, defect, "owned.txt");

        using var deleted = await client.DeleteAsync($"{TrellisApplication.Base}/defects/{defect}", Cancel);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var entity = await client.GetAsync($"{Attachments}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, entity.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.AttachmentContents.AnyAsync(c => c.AttachmentId == long.Parse(id), Cancel)));
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Is413WithAnOctaneErrorAndStoresNothing()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var before = await app.WithDbAsync(db => db.AttachmentContents.CountAsync(Cancel));
        configuration[AttachmentLimits.MaxBytesKey] = "1024";
        try
        {
            using var raw = await client.PostAsync($"{Attachments}?name=big.bin&owner_work_item={defect}", Octets(new byte[1025]), Cancel);
            var error = await ReadErrorAsync(raw, HttpStatusCode.RequestEntityTooLarge, OctaneErrorCodes.AttachmentTooLarge);
            Assert.Equal("1024", error["properties"].Text("max_bytes"));
            using var multipart = await client.PostAsync(Attachments,
                Multipart($$$"""{"name":"big.bin","owner_work_item":{"type":"work_item","id":"{{{defect}}}"}}""", new byte[1025], "application/octet-stream"), Cancel);
            await ReadErrorAsync(multipart, HttpStatusCode.RequestEntityTooLarge, OctaneErrorCodes.AttachmentTooLarge);
            using var exact = await client.PostAsync($"{Attachments}?name=exact.bin&owner_work_item={defect}", Octets(new byte[1024]), Cancel);
            Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        }
        finally
        {
            configuration[AttachmentLimits.MaxBytesKey] = null;
        }

        Assert.Equal(before + 1, await app.WithDbAsync(db => db.AttachmentContents.CountAsync(Cancel)));
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadUploads => new()
    {
        { "?owner_work_item={owner}", "", HttpStatusCode.BadRequest, OctaneErrorCodes.MissingRequiredField },
        { "?name=a.txt", "", HttpStatusCode.BadRequest, OctaneErrorCodes.MissingRequiredField },
        { "?name=a.txt&owner_work_item=987654321", "", HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue },
        { "?name=a.txt&owner_test={owner}", "", HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue },
        { "?name=a.txt&owner_work_item={owner}&fields=nope", "", HttpStatusCode.BadRequest, OctaneErrorCodes.UnknownField },
        { "", """{"name":"a.txt","owner_work_item":{"type":"work_item","id":"{owner}"},"colour":"red"}""", HttpStatusCode.BadRequest, OctaneErrorCodes.UnknownField },
        { "", """{"name":"a.txt","owner_work_item":{"type":"work_item","id":"{owner}"},"size":3}""", HttpStatusCode.Forbidden, OctaneErrorCodes.ModifyNonEditableField },
        { "", """{"name":"a.txt","owner_work_item":"{owner}","owner_test":"{owner}"}""", HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue },
        { "", "[1,2]", HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Upload_WithBadInput_AnswersAnOctaneErrorAndStoresNothing(string query, string entityPart, HttpStatusCode status, string code)
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        var before = await app.WithDbAsync(db => db.Entities.CountAsync(e => e.Type == "attachment", Cancel));

        using HttpContent body = entityPart.Length == 0 ? Octets([1, 2, 3]) : Multipart(entityPart.Replace("{owner}", defect, StringComparison.Ordinal), [1, 2, 3], "text/plain");
        using var response = await client.PostAsync(Attachments + query.Replace("{owner}", defect, StringComparison.Ordinal), body, Cancel);

        await ReadErrorAsync(response, status, code);
        Assert.Equal(before, await app.WithDbAsync(db => db.Entities.CountAsync(e => e.Type == "attachment", Cancel)));
    }

    [Fact]
    public async Task Upload_MultipartWithoutAContentPartOrBoundary_IsABadRequest()
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("With attachments"))[0];
        using var entityOnly = new MultipartFormDataContent
        {
            { new StringContent($$"""{"name":"a.txt","owner_work_item":"{{defect}}"}""", Encoding.UTF8, "application/json"), "entity" },
        };
        using var missing = await client.PostAsync(Attachments, entityOnly, Cancel);
        await ReadErrorAsync(missing, HttpStatusCode.BadRequest, OctaneErrorCodes.MissingRequiredField);

        using var noBoundary = new ByteArrayContent("--x\r\n"u8.ToArray());
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using var broken = await client.PostAsync(Attachments, noBoundary, Cancel);
        await ReadErrorAsync(broken, HttpStatusCode.BadRequest, OctaneErrorCodes.IllegalFieldValue);
    }

    [Fact]
    public async Task Upload_NeedsAWriterAndAttachmentsStayInTheirWorkspace()
    {
        using var admin = await app.SignedInAsync();
        var defect = (await admin.CreateDefectsAsync("With attachments"))[0];
        var id = await UploadAsync(admin, defect, "private.txt");
        using var viewer = await app.CreateClientAsync(Roles.Viewer);
        using var refused = await viewer.PostAsync($"{Attachments}?name=v.txt&owner_work_item={defect}", Octets([1]), Cancel);
        await ReadErrorAsync(refused, HttpStatusCode.Forbidden, OctaneErrorCodes.Forbidden);
        using var read = await viewer.GetAsync($"{Attachments}/{id}/private.txt", Cancel);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.GetAsync($"{Attachments}/{id}/private.txt", Cancel);
        await ReadErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, OctaneErrorCodes.AuthenticationRequired);
        using var otherWorkspace = await admin.GetAsync($"/api/shared_spaces/1001/workspaces/999999/attachments/{id}/private.txt", Cancel);
        await ReadErrorAsync(otherWorkspace, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        using var notAnAttachment = await admin.GetAsync($"{Attachments}/{defect}/x.txt", Cancel);
        await ReadErrorAsync(notAnAttachment, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
    }

    private static async Task<JsonObject> ReadErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, status, code);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static MultipartFormDataContent Multipart(string entity, byte[] bytes, string mediaType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return new MultipartFormDataContent
        {
            { new StringContent(entity, Encoding.UTF8, "application/json"), "entity" },
            { file, "content", "file.bin" },
        };
    }

    private static async Task<string> UploadAsync(HttpClient client, string defect, string name)
    {
        using var response = await client.PostAsync($"{Attachments}?name={name}&owner_work_item={defect}", Octets(Encoding.UTF8.GetBytes(name)), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject().Data()[0].Text("id")!;
    }
}

public sealed class SqliteAttachmentTests(SqliteApplication app) : AttachmentTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresAttachmentTests(PostgresApplication app) : AttachmentTests(app), IClassFixture<PostgresApplication>;
