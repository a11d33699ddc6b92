using System.Globalization;
using System.Text;

namespace InventoryGrains.LoadTest.Measurement;

/// <summary>One sample of a Prometheus scrape: a series name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4, which the service's <c>/metrics</c>
/// serves): comments are skipped, every sample line becomes a <see cref="PrometheusSample"/>.
/// Written here because the .NET Prometheus libraries only write this format; the load tool only
/// needs to read back a few histograms and counters.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return samples;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' ' or '\t'))
        {
            position++;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels);
        }

        // The value, then an optional timestamp.
        var rest = line[position..].Trim();
        var end = rest.IndexOfAny([' ', '\t']);
        var valueText = end < 0 ? rest : rest[..end];
        return new PrometheusSample(name, labels, ParseValue(valueText, line));
    }

    /// <returns>The position after the closing brace.</returns>
    private static int ParseLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            while (position < line.Length && line[position] is ' ' or ',')
            {
                position++;
            }

            if (position >= line.Length)
            {
                throw new FormatException($"Unterminated labels in '{line}'.");
            }

            if (line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException($"A label without a quoted value in '{line}'.");
            }

            var labelName = line[position..equals].Trim();
            var value = new StringBuilder();
            position = equals + 2;
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    value.Append(line[position]);
                }

                position++;
            }

            if (position >= line.Length)
            {
                throw new FormatException($"An unterminated label value in '{line}'.");
            }

            labels[labelName] = value.ToString();
            position++;
        }
    }

    private static double ParseValue(string text, string line) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"Not a sample value: '{text}' in '{line}'."),
    };
}
