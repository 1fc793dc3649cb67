using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Requirements;

/// <summary>
/// The PICS condition language: names, !, &amp;&amp;, ||, parentheses, true/false, with ! binding
/// tightest and &amp;&amp; tighter than ||. A wrong precedence would silently turn a test NOT
/// APPLICABLE (or applicable) on the wrong DUTs, so it is checked against C#'s own operators.
/// </summary>
[TestFixture]
public sealed class PicsConditionTests
{
    private static Dictionary<string, bool> Pics(bool a, bool b, bool c) =>
        new(StringComparer.Ordinal) { ["a"] = a, ["b"] = b, ["c"] = c };

    private static bool Eval(string condition, bool a, bool b, bool c) =>
        PicsCondition.Parse(condition).Evaluate(Pics(a, b, c));

    [TestCase("a", true, false, false, true)]
    [TestCase("a", false, true, true, false)]
    [TestCase("!a", false, false, false, true)]
    [TestCase("!!a", true, false, false, true)]
    [TestCase("a && b", true, true, false, true)]
    [TestCase("a && b", true, false, false, false)]
    [TestCase("a || b", false, true, false, true)]
    [TestCase("a || b", false, false, true, false)]
    // && binds tighter than ||: read as a || (b && c), not (a || b) && c.
    [TestCase("a || b && c", true, false, false, true)]
    [TestCase("(a || b) && c", true, false, false, false)]
    // ! binds tighter than &&: read as (!a) && b, not !(a && b).
    [TestCase("!a && b", false, false, false, false)]
    [TestCase("!(a && b)", false, false, false, true)]
    [TestCase("a&&b||c", false, false, true, true)]
    [TestCase("  ( a )  ", true, false, false, true)]
    [TestCase("true", false, false, false, true)]
    [TestCase("false", true, true, true, false)]
    [TestCase("!false && a", true, false, false, true)]
    public void Evaluates(string condition, bool a, bool b, bool c, bool expected) =>
        Assert.That(Eval(condition, a, b, c), Is.EqualTo(expected));

    // Three booleans have eight assignments: [Values] tries them all, which beats sampling.
    [Test]
    public void And_binds_tighter_than_or([Values] bool a, [Values] bool b, [Values] bool c) => Assert.Multiple(() =>
    {
        Assert.That(Eval("a || b && c", a, b, c), Is.EqualTo(a || (b && c)));
        Assert.That(Eval("a && b || c", a, b, c), Is.EqualTo((a && b) || c));
    });

    [Test]
    public void Not_binds_tighter_than_and([Values] bool a, [Values] bool b, [Values] bool c) => Assert.Multiple(() =>
    {
        Assert.That(Eval("!a && b", a, b, c), Is.EqualTo(!a && b));
        Assert.That(Eval("!a || b && !c", a, b, c), Is.EqualTo(!a || (b && !c)));
    });

    [Test]
    public void Parentheses_override_precedence([Values] bool a, [Values] bool b, [Values] bool c) => Assert.Multiple(() =>
    {
        Assert.That(Eval("(a || b) && c", a, b, c), Is.EqualTo((a || b) && c));
        Assert.That(Eval("!(a || b) || c", a, b, c), Is.EqualTo(!(a || b) || c));
    });

    [Test]
    public void De_Morgan_holds([Values] bool a, [Values] bool b) => Assert.Multiple(() =>
    {
        Assert.That(Eval("!(a && b)", a, b, false), Is.EqualTo(Eval("!a || !b", a, b, false)));
        Assert.That(Eval("!(a || b)", a, b, false), Is.EqualTo(Eval("!a && !b", a, b, false)));
    });

    [Test]
    public void A_name_the_profile_lacks_counts_as_unsupported()
    {
        var empty = new Dictionary<string, bool>();
        Assert.Multiple(() =>
        {
            Assert.That(PicsCondition.Parse("cag").Evaluate(empty), Is.False);
            Assert.That(PicsCondition.Parse("!cag").Evaluate(empty), Is.True);
        });
    }

    [Test]
    public void Names_may_hold_letters_digits_hyphens_and_underscores()
    {
        var condition = PicsCondition.Parse("ike-v2_ok2 && !x1");

        Assert.Multiple(() =>
        {
            Assert.That(condition.Names, Is.EqualTo(new[] { "ike-v2_ok2", "x1" }));
            Assert.That(condition.Evaluate(new Dictionary<string, bool> { ["ike-v2_ok2"] = true }), Is.True);
        });
    }

    [Test]
    public void Names_lists_every_referenced_item_and_no_constant()
    {
        var condition = PicsCondition.Parse("a && !(b || true) || false && a");

        Assert.That(condition.Names, Is.EqualTo(new[] { "a", "b", "a" }));
    }

    [Test]
    public void Keeps_the_text_it_was_parsed_from()
    {
        Assert.That(PicsCondition.Parse("cag && !ipv6").Text, Is.EqualTo("cag && !ipv6"));
    }

    [Test]
    public void Explain_lists_each_item_once_with_its_value()
    {
        var condition = PicsCondition.Parse("a && !b || a");

        Assert.That(condition.Explain(Pics(true, true, false)), Is.EqualTo("a=true, b=true"));
    }

    [TestCase("", "expected a PICS name, '!', or '('", 1)]
    [TestCase("a &&", "expected a PICS name, '!', or '('", 5)]
    [TestCase("&& a", "expected a PICS name, '!', or '('", 1)]
    [TestCase("a & b", "unexpected text", 3)]
    [TestCase("a | b", "unexpected text", 3)]
    [TestCase("a || || b", "expected a PICS name, '!', or '('", 6)]
    [TestCase("(a", "expected ')'", 3)]
    [TestCase("a)", "unexpected text", 2)]
    [TestCase("a b", "unexpected text", 3)]
    [TestCase("!", "expected a PICS name, '!', or '('", 2)]
    [TestCase("()", "expected a PICS name, '!', or '('", 2)]
    [TestCase("a !b", "unexpected text", 3)]
    [TestCase("a.b", "unexpected text", 2)]
    public void Malformed_conditions_name_the_problem_and_position(string text, string problem, int character)
    {
        var ex = Assert.Throws<FormatException>(() => PicsCondition.Parse(text));

        Assert.That(ex!.Message, Is.EqualTo($"{problem} at character {character} of \"{text}\""));
    }
}
