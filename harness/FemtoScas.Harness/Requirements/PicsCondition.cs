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

    public IEnumerable<string> Names => root.Names();

    public static PicsCondition Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.ParseOr();
        parser.ExpectEnd();
        return new PicsCondition(text, node);
    }

    /// <summary>Evaluates against the DUT's PICS; a name the profile lacks counts as not supported.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, bool> pics) => root.Eval(pics);

    /// <summary>Names of PICS items whose value made the condition false, for the NOT APPLICABLE reason.</summary>
    public string Explain(IReadOnlyDictionary<string, bool> pics) =>
        string.Join(", ", Names.Distinct().Select(n => $"{n}={(pics.TryGetValue(n, out var v) && v ? "true" : "false")}"));

    private abstract record Node
    {
        public abstract bool Eval(IReadOnlyDictionary<string, bool> pics);
        public abstract IEnumerable<string> Names();
    }

    private sealed record Const(bool Value) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => Value;
        public override IEnumerable<string> Names() => [];
    }

    private sealed record Name(string Id) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => pics.TryGetValue(Id, out var v) && v;
        public override IEnumerable<string> Names() => [Id];
    }

    private sealed record Not(Node Inner) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) => !Inner.Eval(pics);
        public override IEnumerable<string> Names() => Inner.Names();
    }

    private sealed record Binary(Node Left, Node Right, bool IsAnd) : Node
    {
        public override bool Eval(IReadOnlyDictionary<string, bool> pics) =>
            IsAnd ? Left.Eval(pics) && Right.Eval(pics) : Left.Eval(pics) || Right.Eval(pics);
        public override IEnumerable<string> Names() => Left.Names().Concat(Right.Names());
    }

    private sealed class Parser(string text)
    {
        private int pos;

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (Accept("||")) left = new Binary(left, ParseAnd(), IsAnd: false);
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (Accept("&&")) left = new Binary(left, ParseUnary(), IsAnd: true);
            return left;
        }

        private Node ParseUnary()
        {
            if (Accept("!")) return new Not(ParseUnary());
            if (Accept("("))
            {
                var inner = ParseOr();
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

        private FormatException Error(string what) => new($"{what} at character {pos + 1} of \"{text}\"");
    }
}
