namespace FemtoScas.Harness.Requirements;

/// <summary>
/// A PICS condition such as <c>hpmAuthentication &amp;&amp; !ipv6</c>: names of PICS items,
/// <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, parentheses and the constants true/false. Parsed once
/// at catalogue load so a typo in a condition is a load error, not a silent NOT APPLICABLE.
/// </summary>
public sealed class PicsCondition
{
    private readonly Node root;

    private PicsCondition(string text, Node root)
    {
        Text = text;
        this.root = root;
    }

    public string Text { get; }

    public IEnumerable<string> Names
    {
        get
        {
            var names = new List<string>();
            root.CollectNames(names);
            return names;
        }
    }

    /// <summary>
    /// The longest condition accepted. Catalogue conditions are a few dozen characters; the bound
    /// keeps a corrupt or hostile catalogue from costing more than a moment to reject.
    /// </summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>
    /// How deeply '!' and parentheses may nest. The parser descends once per level, so without a
    /// bound a condition of 200,000 '!' would overflow the stack and kill the process.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Parses a condition; a malformed, too long or too deeply nested one is a <see cref="FormatException"/> saying where.</summary>
    public static PicsCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
            throw new FormatException($"a condition of {text.Length} characters is longer than the {MaxLength} allowed");
        var parser = new Parser(text);
        var node = parser.ParseOr(0);
        parser.ExpectEnd();
        return new PicsCondition(text, node);
    }

    /// <summary>Evaluates against the DUT's PICS; a name the profile lacks counts as not supported.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, bool> pics) => root.Eval(pics);

    /// <summary>Names of PICS items whose value made the condition false, for the NOT APPLICABLE reason.</summary>
    public string Explain(IReadOnlyDictionary<string, bool> pics) =>
        string.Join(", ", Names.Distinct().Select(n => $"{n}={(pics.TryGetValue(n, out var v) && v ? "true" : "false")}"));

    // The tree's depth is bounded by MaxDepth (a chain "a || b || ..." is one n-ary node, not a
    // left-leaning spine), so the recursive Eval and CollectNames below stay shallow.
    private abstract record Node
    {
        public abstract bool Eval(IReadOnlyDictionary<string, bool> pics);
        public abstract void CollectNames(List<string> names);
    }

    private sealed record Const(bool Value) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => Value;
        public override void CollectNames(List<string> names) { }
    }

    private sealed record Name(string Id) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => pics.TryGetValue(Id, out var v) && v;
        public override void CollectNames(List<string> names) => names.Add(Id);
    }

    private sealed record Not(Node Inner) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => !Inner.Eval(pics);
        public override void CollectNames(List<string> names) => Inner.CollectNames(names);
    }

    /// <summary>Terms joined by one operator, evaluated left to right with short-circuit.</summary>
    private sealed record Chain(IReadOnlyList<Node> Terms, bool IsAnd) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics)
        {
            foreach (var term in Terms)
                if (term.Eval(pics) != IsAnd) return !IsAnd;
            return IsAnd;
        }

        public override void CollectNames(List<string> names)
        {
            foreach (var term in Terms) term.CollectNames(names);
        }
    }

    private sealed class Parser(string text)
    {
        private int pos;

        public Node ParseOr(int depth)
        {
            var first = ParseAnd(depth);
            if (!Accept("||")) return first;
            var terms = new List<Node> { first, ParseAnd(depth) };
            while (Accept("||")) terms.Add(ParseAnd(depth));
            return new Chain(terms, IsAnd: false);
        }

        private Node ParseAnd(int depth)
        {
            var first = ParseUnary(depth);
            if (!Accept("&&")) return first;
            var terms = new List<Node> { first, ParseUnary(depth) };
            while (Accept("&&")) terms.Add(ParseUnary(depth));
            return new Chain(terms, IsAnd: true);
        }

        private Node ParseUnary(int depth)
        {
            if (depth > MaxDepth) throw Error($"'!' and parentheses nest deeper than {MaxDepth} levels");
            if (Accept("!")) return new Not(ParseUnary(depth + 1));
            if (Accept("("))
            {
                var inner = ParseOr(depth + 1);
                if (!Accept(")")) throw Error("expected ')'");
                return inner;
            }
            SkipSpace();
            var start = pos;
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_' || text[pos] == '-')) pos++;
            if (start == pos) throw Error("expected a PICS name, '!', or '('");
            var id = text[start..pos];
            return id switch
            {
                "true" => new Const(true),
                "false" => new Const(false),
                _ => new Name(id),
            };
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (pos != text.Length) throw Error("unexpected text");
        }

        private bool Accept(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, pos, token, 0, token.Length) != 0) return false;
            pos += token.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        }

        // The condition is quoted only in part: a long one would make the message as long as itself.
        private FormatException Error(string what) =>
            new($"{what} at character {pos + 1} of \"{(text.Length <= 120 ? text : text[..Math.Min(pos + 1, 100)] + "...")}\"");
    }
}
