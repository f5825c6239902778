using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;

namespace Trellis.Application.Aviator;

/// <summary>
/// The configured chat model as one <see cref="IChatClient"/> (Microsoft.Extensions.AI), built once; <see langword="null"/>
/// when no model is configured, so callers show the request instead of inventing an answer.
/// </summary>
internal sealed class AviatorAssistant : IDisposable
{
    private const string OpenAiDefaultEndpoint = "https://api.openai.com/v1";
    private const string OllamaDefaultEndpoint = "http://localhost:11434";

    public AviatorAssistant(IOptions<AviatorOptions> options)
    {
        Options = options.Value;
        Client = Options.IsConfigured ? Build(Options) : null;
    }

    /// <summary>The options the client was built from.</summary>
    public AviatorOptions Options { get; }

    /// <summary>The chat client, or <see langword="null"/> when <c>Trellis:Aviator:Provider</c> is <c>None</c>.</summary>
    public IChatClient? Client { get; }

    /// <summary>A short description for the UI: <c>OpenAI gpt-4o-mini</c>.</summary>
    public string Description => Client is null ? "none" : $"{Options.Provider} {Options.Model}";

    public void Dispose() => Client?.Dispose();

    private static IChatClient Build(AviatorOptions options) => options.Provider switch
    {
        AviatorProvider.OpenAI => new OpenAI.Chat.ChatClient(
                options.Model!,
                // Local OpenAI-compatible servers take no key, but the client needs a non-empty credential.
                new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
                new OpenAIClientOptions { Endpoint = new Uri(string.IsNullOrEmpty(options.Endpoint) ? OpenAiDefaultEndpoint : options.Endpoint) })
            .AsIChatClient(),
        AviatorProvider.Ollama => new OllamaApiClient(new Uri(string.IsNullOrEmpty(options.Endpoint) ? OllamaDefaultEndpoint : options.Endpoint), options.Model!),
        _ => throw new InvalidOperationException($"No chat client for provider {options.Provider}."),
    };
}
