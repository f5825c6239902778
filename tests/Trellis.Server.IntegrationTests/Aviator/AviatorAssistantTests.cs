using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Trellis.Application.Aviator;

namespace Trellis.Server.IntegrationTests.Aviator;

/// <summary>The chat client built from <c>Trellis:Aviator</c>.</summary>
public sealed class AviatorAssistantTests
{
    public static TheoryData<AviatorProvider, string?, string, string> Providers => new()
    {
        { AviatorProvider.OpenAI, "http://127.0.0.1:8000/v1", "local-model", "http://127.0.0.1:8000/v1" },
        { AviatorProvider.OpenAI, null, "gpt-4o-mini", "https://api.openai.com/v1" },
        { AviatorProvider.Ollama, "http://127.0.0.1:11434", "llama3.2", "http://127.0.0.1:11434" },
        { AviatorProvider.Ollama, null, "llama3.2", "http://localhost:11434" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Client_ConfiguredProvider_TalksToTheEndpointWithTheModel(AviatorProvider provider, string? endpoint, string model, string expectedUri)
    {
        using var assistant = new AviatorAssistant(Options.Create(new AviatorOptions { Provider = provider, Endpoint = endpoint, Model = model }));

        var metadata = assistant.Client!.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(model, metadata.DefaultModelId);
        Assert.Equal(expectedUri, metadata.ProviderUri!.ToString().TrimEnd('/'));
        Assert.Equal($"{provider} {model}", assistant.Description);
    }

    [Fact]
    public void Client_ProviderNone_IsNull()
    {
        using var assistant = new AviatorAssistant(Options.Create(new AviatorOptions { Model = "ignored" }));

        Assert.Null(assistant.Client);
        Assert.Equal("none", assistant.Description);
    }

    [Fact]
    public void Validate_ProviderWithoutModel_IsAnError()
    {
        var options = new AviatorOptions { Provider = AviatorProvider.Ollama };

        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("Trellis:Aviator:Model is required", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }
}
