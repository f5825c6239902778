using System.CommandLine;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Cli.Output;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis preview --config --action --context</c>: plans the launch exactly as the server does, offline,
/// with default policies, and prints the URL or why there is none.
/// </summary>
internal static class PreviewCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = Strings.PreviewConfigOption, Required = true };
        var action = new Option<string>("--action") { Description = Strings.PreviewActionOption, Required = true };
        var context = new Option<string>("--context") { Description = Strings.PreviewContextOption, Required = true };
        var format = FormatOption.Create();
        var command = new Command("preview", Strings.PreviewDescription) { config, action, context, format };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new Request(parsed.GetRequiredValue(config), parsed.GetRequiredValue(action), parsed.GetRequiredValue(context), parsed.GetValue(format)),
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var configBytes = await InputFile.TryReadAsync(request.ConfigPath, error, cancellationToken);
        var contextBytes = configBytes is null ? null : await InputFile.TryReadAsync(request.ContextPath, error, cancellationToken);
        if (configBytes is null || contextBytes is null)
        {
            return ExitCodes.UsageOrIo;
        }

        var parsed = ValidateCommand.Parse(configBytes);
        if (parsed.HasErrors)
        {
            ValidateCommand.Write(parsed, request.ConfigPath, request.Format, output, error);
            return ExitCodes.Invalid;
        }

        var definition = parsed.Actions.FirstOrDefault(a => string.Equals(a.Name, request.ActionName, StringComparison.OrdinalIgnoreCase));
        if (definition is null)
        {
            await error.WriteLineAsync(Strings.UnknownAction(request.ActionName, request.ConfigPath));
            return ExitCodes.Invalid;
        }

        if (!PreviewContext.TryRead(contextBytes, out var context, out var problem))
        {
            await error.WriteLineAsync(Strings.InvalidContext(request.ContextPath, problem!));
            return ExitCodes.UsageOrIo;
        }

        var plan = LaunchPlanner.Plan(definition, context!, ActionPolicy.Default, EntityTypeTree.Default);
        Write(plan, request.Format, output);
        return plan.CanLaunch ? ExitCodes.Success : ExitCodes.Invalid;
    }

    private static void Write(LaunchPlan plan, OutputFormat format, TextWriter output)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(output, json =>
            {
                json.WriteString("url", plan.Url);
                json.WriteString("mode", plan.ModeName);
                json.WriteString("dialog", plan.DialogSize?.ToString().ToLowerInvariant());
                json.WriteBoolean("enabled", plan.CanLaunch);
                json.WriteString("reason", plan.Reason);
            });
            return;
        }

        output.WriteLine(plan.CanLaunch ? plan.Url ?? plan.Prompt : Strings.NotLaunchable(plan));
    }

    private sealed record Request(string ConfigPath, string ActionName, string ContextPath, OutputFormat Format);
}
