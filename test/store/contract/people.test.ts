import { describe, expect, it } from "vitest";
import { aGroup, aPerson, at, describeStore, unique } from "./fixtures.ts";

describeStore("people, programmes, groups and memberships", (context) => {
  describe("people", () => {
    it("finds a person again by platform identity and keeps their display name current", async () => {
      const { store } = context();
      const userId = unique("user");
      const first = await store.people.identify("telegram", userId, "Amina");
      const again = await store.people.identify("telegram", userId, "Amina K.");
      expect(again.id).toBe(first.id);
      expect(again.displayName).toBe("Amina K.");
      expect(first).toMatchObject({ platform: "telegram", platformUserId: userId, locale: null, selfDescription: null, privacyNoticeAt: null });
    });

    it("tells apart the same user id on two platforms", async () => {
      const { store } = context();
      const userId = unique("user");
      const onTelegram = await store.people.identify("telegram", userId, "Amina");
      const onSlack = await store.people.identify("slack", userId, "Amina");
      expect(onSlack.id).not.toBe(onTelegram.id);
    });

    it("makes one person when their first two messages arrive at once", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const userId = unique("user");
      const [a, b] = await Promise.all([
        store.people.identify("telegram", userId, "Amina"),
        other.people.identify("telegram", userId, "Amina"),
      ]);
      expect(a.id).toBe(b.id);
    });

    it("keeps a self-description until the person removes it", async () => {
      const { store } = context();
      const person = await aPerson(store);
      await store.people.setSelfDescription(person.id, ["woman", "youth"]);
      expect((await store.people.get(person.id))?.selfDescription).toEqual(["woman", "youth"]);
      await store.people.setSelfDescription(person.id, null);
      expect((await store.people.get(person.id))?.selfDescription).toBeNull();
    });

    it("remembers a person's language and when they were given the privacy notice", async () => {
      const { store } = context();
      const person = await aPerson(store);
      await store.people.setLocale(person.id, "my");
      await store.people.markPrivacyNotice(person.id, at("2025-03-01T08:00:00Z"));
      expect(await store.people.get(person.id)).toMatchObject({ locale: "my", privacyNoticeAt: at("2025-03-01T08:00:00Z") });
    });

    it("takes the language a platform gives for a person on first contact only", async () => {
      const { store } = context();
      const userId = unique("user");
      const first = await store.people.identify("slack", userId, "Aung", "my");
      expect(first.locale).toBe("my");
      await store.people.setLocale(first.id, "en");
      const again = await store.people.identify("slack", userId, "Aung", "my");
      expect(again.locale).toBe("en");
      expect((await store.people.get(first.id))?.locale).toBe("en");
    });

    it("answers null for a person it does not know", async () => {
      expect(await context().store.people.get(987_654)).toBeNull();
    });
  });

  describe("other ids of one person", () => {
    it("finds a person by another id of theirs, and a first message from that id makes no one new", async () => {
      const { store } = context();
      const amina = await aPerson(store, "Amina");
      const phone = unique("phone");
      expect(await store.people.addAliases(amina.id, [phone])).toEqual({ added: [phone], taken: [] });

      expect((await store.people.find("test", phone))?.id).toBe(amina.id);
      expect((await store.people.identify("test", phone, "Amina"))?.id).toBe(amina.id);
      expect(await store.people.aliases(amina.id)).toEqual([phone]);
      // The same id on another platform is someone else's.
      expect(await store.people.find("slack", phone)).toBeNull();
    });

    it("recognises the first of several ids that is known, the sender's own first", async () => {
      const { store } = context();
      const amina = await aPerson(store, "Amina");
      const bo = await aPerson(store, "Bo");
      const lid = unique("lid");
      await store.people.addAliases(bo.id, [lid]);

      expect((await store.people.recognise("test", [unique("new"), lid]))?.id).toBe(bo.id);
      expect((await store.people.recognise("test", [amina.platformUserId, lid]))?.id).toBe(amina.id);
      expect(await store.people.recognise("test", [unique("new"), unique("new")])).toBeNull();
    });

    it("never moves an id that is someone else's, as their own id or another of theirs", async () => {
      const { store } = context();
      const amina = await aPerson(store, "Amina");
      const bo = await aPerson(store, "Bo");
      const bosLid = unique("lid");
      await store.people.addAliases(bo.id, [bosLid]);
      const fresh = unique("phone");

      expect(await store.people.addAliases(amina.id, [bo.platformUserId, bosLid, fresh])).toEqual({ added: [fresh], taken: [bo.platformUserId, bosLid] });

      expect((await store.people.find("test", bo.platformUserId))?.id).toBe(bo.id);
      expect((await store.people.find("test", bosLid))?.id).toBe(bo.id);
      expect(await store.people.aliases(bo.id)).toEqual([bosLid]);
      expect(await store.people.aliases(amina.id)).toEqual([fresh]);
    });

    it("records an id once, however often it comes, and not the person's own id", async () => {
      const { store, client } = context();
      const amina = await aPerson(store, "Amina");
      const lid = unique("lid");
      await store.people.addAliases(amina.id, [lid, lid]);

      expect(await store.people.addAliases(amina.id, [lid, amina.platformUserId])).toEqual({ added: [], taken: [] });
      expect(await client.personAlias.count({ where: { personId: amina.id } })).toBe(1);
    });

    it("gives an id to one person only when two claim it at once", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const amina = await aPerson(store, "Amina");
      const bo = await aPerson(store, "Bo");
      const lid = unique("lid");

      const [a, b] = await Promise.all([
        store.transaction((tx) => tx.people.addAliases(amina.id, [lid])),
        other.transaction((tx) => tx.people.addAliases(bo.id, [lid])),
      ]);

      expect([a.added, b.added].flat()).toEqual([lid]);
      expect([a.taken, b.taken].flat()).toEqual([lid]);
      const owner = await store.people.find("test", lid);
      expect([amina.id, bo.id]).toContain(owner?.id);
    });
  });

  describe("programmes and invitations", () => {
    it("lists the programmes a person coordinates, oldest first, once each", async () => {
      const { store } = context();
      const before = await store.programmes.count();
      const older = await store.programmes.create("Shan State");
      const newer = await store.programmes.create("Kachin State");
      const coordinator = await aPerson(store, "Thida");
      await store.programmes.addCoordinator(newer.id, coordinator.id);
      await store.programmes.addCoordinator(older.id, coordinator.id);
      await store.programmes.addCoordinator(older.id, coordinator.id);
      expect(await store.programmes.coordinatedBy(coordinator.id)).toEqual([older, newer]);
      expect(await store.programmes.count()).toBe(before + 2);
      expect(await store.programmes.get(older.id)).toEqual({ id: older.id, name: "Shan State" });
    });

    async function anInvitation(expiresAt = at("2025-01-08T00:00:00Z")) {
      const { store } = context();
      const programme = await store.programmes.create("Programme");
      const codeHash = unique("hash");
      const invitation = await store.invitations.create({ programmeId: programme.id, role: "facilitator", codeHash, createdById: null, expiresAt });
      return { programme, codeHash, invitation };
    }

    it("redeems a code once only", async () => {
      const { store } = context();
      const { codeHash, invitation, programme } = await anInvitation();
      const first = await aPerson(store, "First");
      const second = await aPerson(store, "Second");
      expect(await store.invitations.redeem(codeHash, "facilitator", first.id, at("2025-01-02T00:00:00Z"))).toEqual({
        id: invitation.id,
        programmeId: programme.id,
        role: "facilitator",
      });
      expect(await store.invitations.redeem(codeHash, "facilitator", second.id, at("2025-01-02T00:01:00Z"))).toBeNull();
    });

    it("refuses a code after it expires", async () => {
      const { store } = context();
      const { codeHash } = await anInvitation(at("2025-01-08T00:00:00Z"));
      const person = await aPerson(store);
      expect(await store.invitations.redeem(codeHash, "facilitator", person.id, at("2025-01-08T00:00:00Z"))).toBeNull();
    });

    it("refuses a code for another role, which stays usable for its own", async () => {
      const { store } = context();
      const { codeHash } = await anInvitation();
      const person = await aPerson(store);
      expect(await store.invitations.redeem(codeHash, "coordinator", person.id, at("2025-01-02T00:00:00Z"))).toBeNull();
      expect(await store.invitations.redeem(codeHash, "facilitator", person.id, at("2025-01-02T00:00:00Z"))).not.toBeNull();
    });

    it("refuses an unknown code", async () => {
      const { store } = context();
      const person = await aPerson(store);
      expect(await store.invitations.redeem(unique("nothing"), "facilitator", person.id, at("2025-01-02T00:00:00Z"))).toBeNull();
    });

    it("lets one of two people redeeming the same code at once succeed", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const { codeHash } = await anInvitation();
      const [a, b] = [await aPerson(store, "A"), await aPerson(store, "B")];
      const results = await Promise.all([
        store.invitations.redeem(codeHash, "facilitator", a.id, at("2025-01-02T00:00:00Z")),
        other.invitations.redeem(codeHash, "facilitator", b.id, at("2025-01-02T00:00:00Z")),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });
  });

  describe("groups", () => {
    it("finds a group by platform and chat, with the defaults for a new group", async () => {
      const { store } = context();
      const group = await aGroup(store);
      expect(await store.groups.find("test", group.chatId)).toEqual(group);
      expect(await store.groups.find("slack", group.chatId)).toBeNull();
      expect(group).toMatchObject({ programmeId: null, name: null, place: null, quietStart: 21 * 60, quietEnd: 7 * 60, dotPoints: 3, setupAt: null });
    });

    it("changes only the fields a patch names", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const programme = await store.programmes.create("Programme");
      const updated = await store.groups.update(group.id, { programmeId: programme.id, name: "Ward 4", setupAt: at("2025-02-01T10:00:00Z") });
      expect(updated).toEqual({ ...group, programmeId: programme.id, name: "Ward 4", setupAt: at("2025-02-01T10:00:00Z") });
      expect(await store.groups.get(group.id)).toEqual(updated);
    });

    it("records the group's last activity, by the day", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      await store.groups.touch(group, at("2025-02-03T12:00:00Z"));
      const row = await client.group.findUniqueOrThrow({ where: { id: group.id } });
      expect(row.lastActivityAt).toEqual(at("2025-02-03T00:00:00Z"));
    });
  });

  describe("memberships", () => {
    it("lists current members in order of joining, leaving out those who left", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      const [early, late, leaver] = [await aPerson(store, "Early"), await aPerson(store, "Late"), await aPerson(store, "Leaver")];
      await store.memberships.join({ groupId: group.id, personId: late.id, consentAt: at("2025-01-03T00:00:00Z") });
      await store.memberships.join({ groupId: group.id, personId: early.id, consentAt: at("2025-01-01T00:00:00Z"), role: "facilitator" });
      await store.memberships.join({ groupId: group.id, personId: leaver.id, consentAt: at("2025-01-02T00:00:00Z") });
      await client.membership.updateMany({ where: { groupId: group.id, personId: leaver.id }, data: { leftAt: at("2025-01-04T00:00:00Z") } });

      const members = await store.memberships.members(group.id);
      expect(members.map((member) => [member.person.displayName, member.role])).toEqual([
        ["Early", "facilitator"],
        ["Late", "member"],
      ]);
      expect(await store.memberships.get(group.id, leaver.id)).toMatchObject({ leftAt: at("2025-01-04T00:00:00Z") });
    });

    it("puts members who joined at the same moment in the order they joined", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const names = ["One", "Two", "Three"];
      for (const name of names) {
        const person = await aPerson(store, name);
        await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: at("2025-01-01T00:00:00Z") });
      }
      expect((await store.memberships.members(group.id)).map((member) => member.person.displayName)).toEqual(names);
    });

    it("takes back someone who left, at the end of the list, keeping their role", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      const [returner, stayer] = [await aPerson(store, "Returner"), await aPerson(store, "Stayer")];
      await store.memberships.join({ groupId: group.id, personId: returner.id, consentAt: at("2025-01-01T00:00:00Z"), role: "facilitator" });
      await store.memberships.join({ groupId: group.id, personId: stayer.id, consentAt: at("2025-01-02T00:00:00Z") });
      await client.membership.updateMany({ where: { groupId: group.id, personId: returner.id }, data: { leftAt: at("2025-01-03T00:00:00Z") } });

      const back = await store.memberships.join({ groupId: group.id, personId: returner.id, consentAt: at("2025-01-04T00:00:00Z") });
      expect(back).toEqual({ groupId: group.id, personId: returner.id, role: "facilitator", consentAt: at("2025-01-04T00:00:00Z"), leftAt: null });
      expect((await store.memberships.members(group.id)).map((member) => member.person.displayName)).toEqual(["Stayer", "Returner"]);
    });

    it("does not count someone given a role as a member until they consent", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const person = await aPerson(store);
      await store.memberships.setRole(group.id, person.id, "facilitator");
      expect(await store.memberships.members(group.id)).toEqual([]);
      expect(await store.memberships.groupsOf(person.id)).toEqual([]);

      await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: at("2025-01-01T00:00:00Z") });
      expect((await store.memberships.members(group.id)).map((member) => member.role)).toEqual(["facilitator"]);
    });

    it("changes a member's role", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const person = await aPerson(store);
      await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: at("2025-01-01T00:00:00Z") });
      await store.memberships.setRole(group.id, person.id, "facilitator");
      expect(await store.memberships.get(group.id, person.id)).toMatchObject({ role: "facilitator" });
    });

    it("lists the groups a person currently belongs to, in order of joining", async () => {
      const { store, client } = context();
      const person = await aPerson(store);
      const [second, first, left] = [await aGroup(store), await aGroup(store), await aGroup(store)];
      await store.memberships.join({ groupId: second.id, personId: person.id, consentAt: at("2025-01-02T00:00:00Z") });
      await store.memberships.join({ groupId: first.id, personId: person.id, consentAt: at("2025-01-01T00:00:00Z") });
      await store.memberships.join({ groupId: left.id, personId: person.id, consentAt: at("2025-01-03T00:00:00Z") });
      await client.membership.updateMany({ where: { groupId: left.id, personId: person.id }, data: { leftAt: at("2025-01-04T00:00:00Z") } });
      expect((await store.memberships.groupsOf(person.id)).map((group) => group.id)).toEqual([first.id, second.id]);
    });
  });
});
