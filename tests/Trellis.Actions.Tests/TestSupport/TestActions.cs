using Trellis.Actions.Configuration;

namespace Trellis.Actions.Tests.TestSupport;

/// <summary>Builds normalised action definitions directly, as the parser would produce them.</summary>
internal static class TestActions
{
    public static ActionDefinition Button(string url = "https://app.example.com/open?ids={entity_ids}", params string[] entityTypes) => new()
    {
        Index = 0,
        Name = "open_app",
        Title = "Open app",
        EntityTypes = entityTypes.Length == 0 ? ["defect"] : [.. entityTypes],
        Views = ActionViews.List | ActionViews.Details,
        Kind = ActionKind.Button,
        Url = url,
        RawJson = "{}",
    };

    public static ActionDefinition Dialog(DialogSize size = DialogSize.Medium, string url = "https://app.example.com/dialog?d={dialog_id}") =>
        Button(url) with { Name = "dialog_app", Dialog = size };

    public static ActionDefinition Panel(string url = "https://panel.example.com/p?ws={workspace}#ids={entity_ids}", params string[] modules) =>
        Button(url, "work_item") with
        {
            Name = "side_panel",
            Kind = ActionKind.SidePanel,
            Modules = modules.Length == 0 ? ["backlog"] : [.. modules],
        };

    public static ActionDefinition PromptChip(string prompt = "Summarise these items") =>
        Button(url: null!) with { Name = "chip", Kind = ActionKind.AviatorChip, Url = null, Prompt = prompt };

    public static ActionDefinition UrlChip(string url = "{bundle_url}/chips/prompt.txt") =>
        Button(url) with { Name = "chip_file", Kind = ActionKind.AviatorChip };
}
