using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsAlerts;

/// <summary>The JSON shape NewsAlerts shows to scripts (CLI <c>--json</c>, HTTP API): camelCase names, enums as camelCase strings.</summary>
public static class NewsAlertsJson
{
    /// <summary>Options for output meant for scripts and people alike.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },

        // Output goes to terminals and files, not into HTML: keep non-ASCII titles readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
