using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Dut;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>Runs side by side: host-wide slots and the loopback addresses a slot moves a profile to.</summary>
public sealed class RunPlacementTests
{
    [Test]
    public void A_held_slot_is_not_given_twice_and_is_free_again_once_released()
    {
        var pool = "test-" + Guid.NewGuid().ToString("N");
        using var first = HostSlot.TryAcquire(pool, 3);
        using var second = HostSlot.TryAcquire(pool, 3);
        Assert.That(first!.Number, Is.EqualTo(0));
        Assert.That(second!.Number, Is.EqualTo(1));
        var third = HostSlot.TryAcquire(pool, 3);
        Assert.That(third!.Number, Is.EqualTo(2));
        Assert.That(HostSlot.TryAcquire(pool, 3), Is.Null, "all three held");
        third.Dispose();
        using var again = HostSlot.TryAcquire(pool, 3);
        Assert.That(again!.Number, Is.EqualTo(2));
    }

    [Test]
    public void A_slot_held_by_another_process_is_skipped_and_freed_when_that_process_dies()
    {
        var pool = "test-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(HostSlot.Directory);
        var file = Path.Combine(HostSlot.Directory, $"{pool}-0.lock");
        File.WriteAllText(file, "");
        // One process holds the same kind of lock .NET takes for FileShare.None: bash opens the file as
        // fd 9, flock(1) locks that open file, and bash becomes sleep keeping fd 9. No forked child shares
        // the lock (`flock -o CMD` had one for a moment, and a kill in that moment left the slot held), so
        // killing this one process must free the slot.
        var holder = Process.Start(new ProcessStartInfo("bash", ["-c", "exec 9>>\"$1\" && flock -x 9 && exec sleep 30", "holder", file])
        {
            UseShellExecute = false,
        });
        if (holder is null) Assert.Inconclusive("bash could not be started");
        try
        {
            var deadline = Stopwatch.StartNew();
            HostSlot? slot;
            // Wait until the child holds the lock (it may take a moment to start).
            while ((slot = HostSlot.TryAcquire(pool, 2)) is { Number: 0 } && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                slot.Dispose();
                Thread.Sleep(50);
            }
            using (slot)
                Assert.That(slot!.Number, Is.EqualTo(1), "slot 0 is another process's");
        }
        finally
        {
            holder!.Kill();
            holder.WaitForExit();
        }
        using var freed = HostSlot.TryAcquire(pool, 2);
        Assert.That(freed!.Number, Is.EqualTo(0), "the kernel released the dead holder's lock");
    }

    [Test]
    public void Slot_zero_moves_nothing_and_other_slots_move_every_profile_address_alike()
    {
        IPAddress[] declared = [IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")];
        Assert.That(AddressRelocation.ForSlot(0, declared).IsEmpty, Is.True);
        var moved = AddressRelocation.ForSlot(7, declared);
        Assert.That(declared.Select(moved.Apply).Select(a => a.ToString()), Is.EqualTo(new[] { "127.0.107.1", "127.0.107.2", "127.0.107.3" }));
        Assert.That(moved.Apply(IPAddress.Parse("127.0.0.9")).ToString(), Is.EqualTo("127.0.0.9"), "an address the profile does not name stays");
        Assert.That(moved.Apply(new Uri("http://127.0.0.1:18080/crl/root-a.crl")).ToString(), Is.EqualTo("http://127.0.107.1:18080/crl/root-a.crl"));
        Assert.That(moved.Apply(new Uri("http://crl.operator.test/root.crl")).ToString(), Is.EqualTo("http://crl.operator.test/root.crl"), "a host name is the lab's DNS, never moved");
        Assert.That(AddressRelocation.ForSlot(7, declared).Apply(new IPEndPoint(declared[1], 5500)).ToString(), Is.EqualTo("127.0.107.2:5500"));
    }

    [Test]
    public void An_address_outside_127_0_0_0_24_cannot_be_moved()
    {
        var e = Assert.Throws<ArgumentException>(() => AddressRelocation.ForSlot(1, [IPAddress.Parse("192.0.2.1")]));
        Assert.That(e!.Message, Does.Contain("192.0.2.1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => AddressRelocation.ForSlot(AddressRelocation.Slots, [IPAddress.Loopback]));
    }

    [Test]
    public void A_moved_profile_names_its_new_addresses_and_keeps_everything_else()
    {
        var root = Requirements.RepositoryCatalogue.RepositoryRoot();
        var profile = DutProfileLoader.Load(Path.Combine(root, "fixtures", "duts", "simfemto-oam-tls.json"),
            Harness.Requirements.Catalogue.LoadDirectory(Requirements.RepositoryCatalogue.Directory()).Pics);
        var relocation = AddressRelocation.ForSlot(3, AddressRelocation.AddressesOf(profile.Pixit));
        var moved = relocation.Apply(profile);
        Assert.Multiple(() =>
        {
            Assert.That(moved.Pixit.DutAddress.ToString(), Is.EqualTo("127.0.103.2"));
            Assert.That(moved.Pixit.HarnessAddress.ToString(), Is.EqualTo("127.0.103.1"));
            Assert.That(moved.Pixit.ControlAddress!.ToString(), Is.EqualTo("127.0.103.3"));
            Assert.That(moved.Pixit.ManagementServer!.EndPoint.ToString(), Is.EqualTo("127.0.103.1:7548"));
            Assert.That(moved.Pixit.Relocation, Is.SameAs(relocation));
            Assert.That(moved.Pixit.DocumentedServices, Is.EqualTo(profile.Pixit.DocumentedServices));
            Assert.That(moved.Pics, Is.SameAs(profile.Pics));
        });
    }

    [Test]
    public void Each_strongSwan_slot_has_its_own_veth_subnet_and_slot_zero_is_the_default_pair()
    {
        Assert.That(Harness.Interop.StrongSwanVeth.ForSlot(0), Is.EqualTo(new Harness.Interop.StrongSwanVeth(Harness.Interop.StrongSwanNamespace.HostAddress, Harness.Interop.StrongSwanNamespace.NamespaceAddress)));
        var pairs = Enumerable.Range(0, Harness.Interop.StrongSwanVeth.Slots).Select(Harness.Interop.StrongSwanVeth.ForSlot).ToList();
        // Each /30 is its own: network = host address - 1, never shared by two slots.
        Assert.That(pairs.Select(p => p.Host.GetAddressBytes()[3] - 1).Distinct().Count(), Is.EqualTo(Harness.Interop.StrongSwanVeth.Slots));
        Assert.That(pairs.All(p => p.Namespace.GetAddressBytes()[3] == p.Host.GetAddressBytes()[3] + 1 && p.Host.GetAddressBytes()[3] % 4 == 1), Is.True);
        var moved = AddressRelocation.Of((pairs[0].Host, pairs[5].Host), (pairs[0].Namespace, pairs[5].Namespace));
        Assert.That(moved.Apply(IPAddress.Parse("198.18.0.2")).ToString(), Is.EqualTo("198.18.0.22"));
        Assert.That(AddressRelocation.Of((pairs[0].Host, pairs[0].Host)).IsEmpty, Is.True, "a pair that stays is no move");
    }
}
