using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.Aviator;

/// <summary>Which chat model the Aviator chips talk to.</summary>
public enum AviatorProvider
{
    /// <summary>No model: the region shows the request it would send.</summary>
    None,

    /// <summary>Any OpenAI-compatible <c>/chat/completions</c> endpoint (OpenAI, Azure OpenAI's v1 API, vLLM, LM Studio, llama.cpp …).</summary>
    OpenAI,

    /// <summary>A local or remote Ollama server.</summary>
    Ollama,
}

/// <summary>The assistant behind the Aviator chips (docs/reference/interfaces.md#running-the-server, section <c>Trellis:Aviator</c>).</summary>
public sealed class AviatorOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Trellis:Aviator";

    /// <summary>Gets or sets the provider. <value>The default is <see cref="AviatorProvider.None"/>.</value></summary>
    public AviatorProvider Provider { get; set; } = AviatorProvider.None;

    /// <summary>
    /// Gets or sets the endpoint: the OpenAI-compatible base URL including its version path (<c>https://api.openai.com/v1</c>),
    /// or the Ollama server (<c>http://localhost:11434</c>). <value>The default is the provider's public default.</value>
    /// </summary>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the model name (<c>gpt-4o-mini</c>, <c>llama3.2</c>); required unless the provider is <see cref="AviatorProvider.None"/>.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the API key sent as a bearer token (OpenAI-compatible only). <value>The default is none.</value></summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets a value indicating whether a model is configured.</summary>
    public bool IsConfigured => Provider != AviatorProvider.None && !string.IsNullOrWhiteSpace(Model);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != AviatorProvider.None && string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult($"{Section}:Model is required when {Section}:Provider is {Provider}.", [nameof(Model)]);
        }
    }
}
