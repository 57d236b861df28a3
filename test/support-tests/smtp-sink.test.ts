import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.ts";

describe("SMTP sink", () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });

  afterAll(async () => {
    await sink.close();
  });

  beforeEach(() => {
    sink.reset();
  });

  it("receives a message sent by nodemailer and exposes it parsed", async () => {
    const transport = nodemailer.createTransport(sink.url);
    await transport.sendMail({
      from: '"Chorus Bot" <bot@example.test>',
      to: "alice@example.test, bob@example.test",
      bcc: "audit@example.test",
      subject: "Demande d'accès à approuver",
      text: "Bonjour, une demande attend votre validation.",
      html: "<p>Bonjour, une demande attend <b>votre validation</b>.</p>",
      attachments: [{ filename: "export.csv", content: "a;b\n1;2\n", contentType: "text/csv" }],
    });

    const [message] = await sink.waitForMessages(1);
    expect(message).toMatchObject({
      from: "bot@example.test",
      to: ["alice@example.test", "bob@example.test", "audit@example.test"],
      fromHeader: '"Chorus Bot" <bot@example.test>',
      toHeader: ["alice@example.test", "bob@example.test"],
      subject: "Demande d'accès à approuver",
      text: "Bonjour, une demande attend votre validation.",
    });
    expect(message?.html).toContain("<b>votre validation</b>");
    expect(message?.headers.get("subject")).toBe("Demande d'accès à approuver");
    expect(message?.attachments).toEqual([
      expect.objectContaining({
        filename: "export.csv",
        contentType: "text/csv",
        content: Buffer.from("a;b\n1;2\n"),
      }),
    ]);
  });

  it("answers the next messages with the code refuseNext() gives, keeping none of them, then accepts again", async () => {
    const transport = nodemailer.createTransport(sink.url);
    const mail = { from: "bot@example.test", to: "alice@example.test", subject: "Refus", text: "x" };
    sink.refuseNext(550, 2);

    for (let i = 0; i < 2; i++)
      await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 550 });
    await transport.sendMail(mail);

    expect(sink.messages.map((message) => message.subject)).toEqual(["Refus"]);
  });

  it("refuses connections after stop() and accepts them again on the same port after start()", async () => {
    const port = sink.port;
    const transport = nodemailer.createTransport(sink.url);
    const mail = { from: "bot@example.test", to: "alice@example.test", subject: "Outage", text: "x" };

    await sink.stop();
    expect(sink.running).toBe(false);
    await expect(transport.sendMail(mail)).rejects.toThrow(/ECONNREFUSED/);

    await sink.start();
    expect(sink.port).toBe(port);
    await transport.sendMail(mail);
    await sink.waitForMessages(1);
    expect(sink.messages.map((message) => message.subject)).toEqual(["Outage"]);
  });

  it("rejects waitForMessages with the count received when the timeout expires", async () => {
    await expect(sink.waitForMessages(1, 60)).rejects.toThrow(/expected 1 message\(s\) within 60 ms, got 0/);
  });
});
