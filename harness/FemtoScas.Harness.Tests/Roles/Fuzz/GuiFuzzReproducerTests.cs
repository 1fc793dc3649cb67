using FemtoScas.Harness.Data;
using FemtoScas.Harness.Roles.Fuzz;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Fuzz;

public sealed class GuiFuzzReproducerTests
{
    [Test]
    public void Every_mutation_reads_back_as_sent()
    {
        var inputs = Enumerable.Range(0, 3 * GuiFuzzer.Mutations.Count).Select(i => GuiFuzzer.Input(4404, i, "/login")).ToList();
        var back = GuiFuzzReproducer.Parse(GuiFuzzReproducer.ToText(inputs), "test");
        Assert.That(back, Has.Count.EqualTo(inputs.Count));
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.That((back[i].Index, back[i].Mutation, back[i].Method, back[i].Target), Is.EqualTo((inputs[i].Index, inputs[i].Mutation, inputs[i].Method, inputs[i].Target)), inputs[i].ToString());
            Assert.That(back[i].Headers, Is.EqualTo(inputs[i].Headers));
        }
    }

    [TestCase("", "no request")]
    [TestCase("hello\n", "description line")]
    [TestCase("#1 NoSuchMutation: x\n  method: \"GET\"\n  target: \"/\"\n  headers: []\n", "not a GUI mutation")]
    [TestCase("#1 EmptyMethod: x\n  method: \"\"\n", "should start with 'target:'")]
    [TestCase("#1 EmptyMethod: x\n  method: 5\n  target: \"/\"\n  headers: []\n", "not a JSON string")]
    [TestCase("#1 EmptyMethod: x\n  method: \"\"\n  target: \"/\"\n  headers: [\"no-colon\"]\n", "'name: value'")]
    public void Refuses_a_malformed_reproducer_naming_the_request(string text, string reason)
    {
        var ex = Assert.Throws<DataFileException>(() => GuiFuzzReproducer.Parse(text, "repro.txt"));
        Assert.That(ex!.Message, Does.Contain("repro.txt").And.Contain(reason));
    }
}
