using System.Text;

namespace LnRelay.Orchestrator.Compose;

/// <summary>
/// Writes a <see cref="ComposeProject"/> as docker-compose.yml: the Compose Specification
/// without a 'version' key, which docker compose (v2) and docker-compose 1.29 (Debian's
/// package) both read. Commands are in exec form (JSON-style lists, no shell); the output
/// is the same bytes for the same project, so a test can compare it with the committed file.
/// </summary>
internal static class ComposeYamlWriter
{
    private const int CommentWidth = 100;

    public static string Write(ComposeProject project)
    {
        var text = new StringBuilder();
        foreach (var line in project.Header)
        {
            text.Append("# ").Append(line).Append('\n');
        }

        text.Append("\nservices:\n");
        foreach (var service in project.Services)
        {
            WriteService(text, service);
        }

        text.Append("volumes:\n");
        foreach (var volume in project.Volumes)
        {
            text.Append("  ").Append(volume).Append(":\n");
        }

        return text.ToString();
    }

    private static void WriteService(StringBuilder text, ComposeService service)
    {
        foreach (var line in Wrap(service.Comment, CommentWidth - "  # ".Length))
        {
            text.Append("  # ").Append(line).Append('\n');
        }

        text.Append("  ").Append(service.Name).Append(":\n");
        text.Append("    build: .\n");
        text.Append("    image: ").Append(ComposeLayout.Image).Append('\n');
        text.Append("    command: [").Append(string.Join(", ", service.Command.Select(Quote))).Append("]\n");
        text.Append("    volumes:\n");
        foreach (var volume in service.Volumes)
        {
            text.Append("      - ").Append(volume).Append('\n');
        }

        if (service.DependsOn.Count > 0)
        {
            text.Append("    depends_on:\n");
            foreach (var dependency in service.DependsOn)
            {
                text.Append("      ").Append(dependency.Service).Append(":\n");
                text.Append("        condition: ").Append(dependency.Condition).Append('\n');
            }
        }

        if (!service.HealthCheck)
        {
            // The image's HEALTHCHECK asks a node's control API; this service serves none.
            text.Append("    healthcheck:\n      disable: true\n");
        }

        text.Append('\n');
    }

    /// <summary>A YAML double-quoted scalar (the same as a JSON string for these ASCII values).</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
