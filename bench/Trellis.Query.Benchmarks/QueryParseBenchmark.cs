using System.Collections.Frozen;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Trellis.Query.Parsing;
using Trellis.Query.Syntax;

namespace Trellis.Query.Benchmarks;

/// <summary>
/// Parses the query parameter of typical client requests into a tree, against a regular-expression tokenizer
/// over the same text that builds nothing: the ratio is the parser's cost over a naive floor. The lexer alone
/// is measured too, so the table shows which half of the parser costs what.
/// </summary>
public partial class QueryParseBenchmark
{
    private static readonly FrozenDictionary<string, string> s_queries = new Dictionary<string, string>
    {
        ["JsShort"] = "\"id EQ ^1001^\"",
        ["JsMixed"] = "\"(name EQ ^Login fails^||name EQ ^Crash^);!id EQ ^5^;creation_time GT ^2016-01-01T00:00:00.000Z^;"
            + "release EQ {id EQ ^1001^};user_tags EQ {id EQ 1001}||user_tags EQ {null};id BTW ^1^...^5^\"",
        ["CSharpCross"] = "\"release={id='1001'};phase EQ {id IN 'phase.defect.new', 'phase.defect.opened'};"
            + "subtype IN 'defect','story';name EQ '*abc*'\"",
        ["JavaDates"] = "(creation_time GT '2020-01-01T10:00Z');(name EQ 'v');!(id BTW 1 ...5);(owner EQ {(name EQ 'sa')})",
        ["PanelParentIn"] = "\"parent={id IN '1001','1002','1003'}\"",
        ["In500"] = "\"id IN " + string.Join(',', Enumerable.Range(1000, 500).Select(i => $"'{i}'")) + "\"",
    }.ToFrozenDictionary();

    private string _query = string.Empty;

    /// <summary>Gets the names of the query shapes.</summary>
    public static IEnumerable<string> Shapes => ["JsShort", "JsMixed", "CSharpCross", "JavaDates", "PanelParentIn", "In500"];

    /// <summary>Gets or sets the query shape being measured.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "JsShort";

    [GlobalSetup]
    public void Setup()
    {
        _query = s_queries[Shape];
        if (!QueryParser.ParseParameter(_query).IsSuccess || RegexTokenize() == 0)
        {
            throw new InvalidOperationException($"The {Shape} query must parse and tokenize.");
        }
    }

    /// <summary>Recognises every token with one alternation, allocation-free, and builds nothing.</summary>
    [Benchmark(Baseline = true)]
    public int RegexTokenize()
    {
        var tokens = 0;
        foreach (var match in Token().EnumerateMatches(_query))
        {
            tokens += match.Length > 0 ? 1 : 0;
        }

        return tokens;
    }

    /// <summary>Strips the quotes, tokenises, parses and builds the tree.</summary>
    [Benchmark]
    public QueryExpression? Parse() => QueryParser.ParseParameter(_query).Expression;

    /// <summary>Runs only the lexer (strings unescaped, numbers decoded), to split the parser's cost from the lexer's.</summary>
    [Benchmark]
    public int LexOnly()
    {
        var quoted = _query[0] == '"';
        var lexer = new QueryLexer(_query, quoted ? 1 : 0, quoted ? _query.Length - 1 : _query.Length);
        var tokens = 0;
        while (lexer.Next().Kind != QueryTokenKind.End)
        {
            tokens++;
        }

        return tokens;
    }

    [GeneratedRegex(@"\^(?:\\.|[^\\^])*\^|'(?:\\.|[^\\'])*'|-?\d+(?:\.\d+)?|[A-Za-z_]\w*|\[\w+\]|\|\||\.\.\.|\u2026|<=|>=|[""(){},;!=<>]")]
    private static partial Regex Token();
}
