using System.Text;
using System.Text.RegularExpressions;

namespace InventoryGrains.Testing;

/// <summary>
/// The shell examples of a Markdown page, as the documentation tests run them. The conventions a
/// page follows:
/// <list type="bullet">
/// <item>A <c>```bash</c> block runs, in order with the page's other blocks, against an embedded
/// API that the test starts for the page at the address the examples name
/// (<c>http://127.0.0.1:5080</c>). Shell variables set in one block stay set in the next.</item>
/// <item>A <c>```bash</c> block that starts the API (<c>… dotnet run --project src/InventoryGrains.Api …</c>)
/// restarts it with the settings the line gives, and nothing else of it runs.</item>
/// <item>A <c>```sh</c> block (another machine, a cluster, a build) never runs.</item>
/// <item>Each command's answer is documented under it: <c># → text</c>, continued by lines that start
/// with <c>#</c> and two or more spaces (joined without a separator), which the whole output must
/// match; or an untagged block right after the <c>```bash</c> block, whose lines must appear in the
/// output in order. In both, <c>…</c> stands for any text.</item>
/// </list>
/// </summary>
public static partial class DocumentationExamples
{
    /// <summary>The address the examples name.</summary>
    public const string DocumentedAddress = "http://127.0.0.1:5080";

    /// <summary>The steps of a page, in order.</summary>
    public static IReadOnlyList<DocumentationStep> Read(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var steps = new List<DocumentationStep>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var info = lines[i][3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            i = end;
            if (info != "bash")
            {
                continue;
            }

            var block = lines[start..end];
            if (block.Select(line => StartLine().Match(line)).FirstOrDefault(match => match.Success) is { } startLine)
            {
                steps.Add(new DocumentationStep(start + 1, DocumentationStepKind.StartApi, "", Settings(startLine.Groups["settings"].Value), null));
                continue;
            }

            var blockSteps = Steps(block, start + 1);

            // An untagged block right after this one is the answer of its last command.
            var next = end + 1;
            while (next < lines.Length && string.IsNullOrWhiteSpace(lines[next]))
            {
                next++;
            }

            if (next < lines.Length && lines[next].Trim() == "```" && blockSteps.Count > 0 && blockSteps[^1].Expected is null)
            {
                var outputEnd = next + 1;
                while (outputEnd < lines.Length && !lines[outputEnd].StartsWith("```", StringComparison.Ordinal))
                {
                    outputEnd++;
                }

                blockSteps[^1] = blockSteps[^1] with { Expected = new DocumentedAnswer(lines[(next + 1)..outputEnd].Where(line => line.Length > 0).ToList(), ByLine: true) };
                i = outputEnd;
            }

            steps.AddRange(blockSteps);
        }

        return steps;
    }

    /// <summary>Whether <paramref name="output"/> is what <paramref name="answer"/> documents.</summary>
    public static bool Matches(DocumentedAnswer answer, string output)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(output);
        var actual = output.ReplaceLineEndings("\n").Trim();
        if (!answer.ByLine)
        {
            return Pattern(string.Concat(answer.Lines)).IsMatch(actual);
        }

        var outputLines = actual.Split('\n').Select(line => line.TrimEnd()).ToList();
        var at = 0;
        foreach (var expected in answer.Lines)
        {
            var pattern = Pattern(expected.TrimEnd());
            while (at < outputLines.Count && !pattern.IsMatch(outputLines[at]))
            {
                at++;
            }

            if (at++ >= outputLines.Count)
            {
                return false;
            }
        }

        return true;
    }

    private static List<DocumentationStep> Steps(string[] block, int firstLine)
    {
        var steps = new List<DocumentationStep>();
        var script = new StringBuilder();
        var scriptLine = firstLine;
        List<string>? expected = null;
        for (var k = 0; k < block.Length; k++)
        {
            var line = block[k];
            if (line.StartsWith("# →", StringComparison.Ordinal))
            {
                if (expected is not null)
                {
                    Flush();
                }

                expected = [line["# →".Length..].Trim()];
                continue;
            }

            if (expected is not null && ContinuationLine().IsMatch(line))
            {
                expected.Add(line[1..].Trim());
                continue;
            }

            if (expected is not null)
            {
                Flush();
            }

            if (script.Length == 0)
            {
                scriptLine = firstLine + k;
            }

            script.AppendLine(line);
        }

        Flush();
        return steps;

        void Flush()
        {
            var text = script.ToString();
            if (text.Trim().Length > 0 || expected is not null)
            {
                steps.Add(new DocumentationStep(scriptLine, DocumentationStepKind.Run, text, new Dictionary<string, string>(),
                    expected is null ? null : new DocumentedAnswer(expected, ByLine: false)));
            }

            script.Clear();
            expected = null;
        }
    }

    private static Dictionary<string, string> Settings(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(assignment => assignment.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    private static Regex Pattern(string documented) =>
        new("^" + string.Join(".*?", documented.Split('…').Select(Regex.Escape)) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    [GeneratedRegex(@"^(?<settings>(?:[A-Za-z_][A-Za-z0-9_]*=\S+\s+)*)dotnet run --project src/InventoryGrains\.Api\b")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^#\s{2,}\S")]
    private static partial Regex ContinuationLine();
}

public enum DocumentationStepKind
{
    /// <summary>(Re)start the embedded API with the step's settings.</summary>
    StartApi,

    /// <summary>Run the step's script in bash.</summary>
    Run,
}

/// <param name="Line">Where the step starts in the page (1-based).</param>
/// <param name="Settings">For <see cref="DocumentationStepKind.StartApi"/>: the environment the line gives.</param>
/// <param name="Expected">The documented answer; null for a step that documents none (it must print nothing).</param>
public sealed record DocumentationStep(int Line, DocumentationStepKind Kind, string Script, IReadOnlyDictionary<string, string> Settings, DocumentedAnswer? Expected);

/// <param name="ByLine">Lines that must appear in the output in order (an output block), rather than one text the whole output must be.</param>
public sealed record DocumentedAnswer(IReadOnlyList<string> Lines, bool ByLine);
