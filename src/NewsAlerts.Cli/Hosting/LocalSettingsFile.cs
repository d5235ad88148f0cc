using System.Text.Json;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// Reads the <c>Values</c> of a Functions <c>local.settings.json</c>, so one file configures both
/// <c>func start</c> and <c>newsalerts</c>. Keys written as environment variables (<c>Email__Smtp__Host</c>)
/// become configuration keys (<c>Email:Smtp:Host</c>).
/// </summary>
internal static class LocalSettingsFile
{
    public static Dictionary<string, string?> ReadValues(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in section.EnumerateObject())
                {
                    values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : property.Value.GetRawText();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Configuration, $"{path} is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): fix or remove it");
        }

        return values;
    }
}
