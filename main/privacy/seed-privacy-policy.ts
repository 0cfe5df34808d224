/**
 * Candor's own privacy policy, shown when the app's vendor ships none, in English, German and
 * Arabic. A vendor replaces it with files named in `candor-vendor.json` (`privacyPolicy: { file,
 * version, language, translations }`); these texts are the model to start from (`candor policy`
 * prints them). Each section heading carries the `{#id}` the app links fields and rights to
 * (`requiredPolicySections`); the translations say the same thing under the same ids.
 */
export const SEED_POLICY_VERSION = '2026-11-01';

const ENGLISH = `# Candor privacy policy

## 1. What this policy covers {#scope}

This policy covers the crash and problem reports that Candor prepares on your computer and, only when you agree, sends to the report server of the app that crashed. Candor sends nothing on its own: every report is shown to you first, byte for byte, and leaves your computer only when you say yes to exactly those bytes.

## 2. What happened: the crash itself {#crash-details}

A report describes the crash: which app and version, which process failed, the error and its stack, and the crash dump if you choose to send it. A full crash dump can hold parts of the app's memory, its environment and its command line; a stack-only dump keeps just the stacks. Text is scrubbed of names, addresses, tokens and similar personal data before you see it.

## 3. Your system {#system-details}

A report can carry the facts support needs to reproduce a crash: the operating system and its version, the processor, memory and graphics, the browsers installed and the .NET versions. Each of these is a section you can leave out.

## 4. What you write {#your-words}

Your comment is sent as you typed it. Your email address is sent only if you give it, so that support can answer you; it is never taken from anywhere else.

## 5. Identifiers and digests {#report-keeping}

Each report has a random identifier, the support code you can read out to an engineer, and the SHA-256 digest of its bytes. They keep a report whole and let you, and only you, ask for it to be deleted. They say nothing about you.

## 6. Your choices {#your-choices}

A report records which sections you left out and the version of this policy you agreed under. When this policy changes, Candor asks again before sending anything, even where you chose "always send".

## 7. Where reports go {#destinations}

Reports go only to the server shown to you before you agree, over an encrypted connection. Candor's consent names that server; a report approved for one server is not sent to another without asking you again.

## 8. Your rights: see, export and delete {#your-rights}

You can see every report Candor prepared or sent, and every decision you made, in History. In Settings, under "Your data", you can:

- export everything Candor keeps on this computer (reports, your decisions, the server's receipts) as one zip file;
- delete everything Candor keeps on this computer;
- ask every server that received a report to delete it.

## 9. Withdrawing your consent {#withdrawing}

You can withdraw your consent at any time in Settings. Candor then stops sending automatically, deletes the reports waiting to be sent and the copies of reports that were never sent, and asks each server that received a report to delete it. Withdrawing does not undo what support has already read.

## 10. How long reports are kept {#retention}

The report server keeps each report until you or the vendor delete it, and no longer than the retention period the server applies; Candor shows that period under "Your data" once a server has received a report. On your computer, a report that cannot be sent is kept for a limited time, and the reports you sent are kept until you delete them.
`;

const GERMAN = `# Datenschutzerklärung von Candor

## 1. Wofür diese Erklärung gilt {#scope}

Diese Erklärung gilt für die Absturz- und Problemberichte, die Candor auf Ihrem Computer vorbereitet und nur mit Ihrer Zustimmung an den Berichtsserver der abgestürzten App sendet. Candor sendet nichts von sich aus: Jeder Bericht wird Ihnen zuerst Byte für Byte gezeigt und verlässt Ihren Computer erst, wenn Sie genau diesen Bytes zustimmen.

## 2. Was geschah: der Absturz selbst {#crash-details}

Ein Bericht beschreibt den Absturz: welche App in welcher Version, welcher Prozess versagte, den Fehler mit seinem Stack und, wenn Sie ihn senden möchten, das Absturzabbild. Ein vollständiges Absturzabbild kann Teile des Arbeitsspeichers der App, ihre Umgebung und ihre Befehlszeile enthalten; ein Abbild nur mit Stacks enthält nur die Stacks. Namen, Adressen, Token und ähnliche personenbezogene Daten werden aus dem Text entfernt, bevor Sie ihn sehen.

## 3. Ihr System {#system-details}

Ein Bericht kann die Angaben enthalten, die der Support braucht, um einen Absturz nachzustellen: das Betriebssystem und seine Version, Prozessor, Arbeitsspeicher und Grafik, die installierten Browser und die .NET-Versionen. Jeden dieser Teile können Sie weglassen.

## 4. Was Sie schreiben {#your-words}

Ihr Kommentar wird so gesendet, wie Sie ihn geschrieben haben. Ihre E-Mail-Adresse wird nur gesendet, wenn Sie sie angeben, damit der Support Ihnen antworten kann; sie wird nirgendwo anders hergenommen.

## 5. Kennungen und Prüfsummen {#report-keeping}

Jeder Bericht hat eine zufällige Kennung – den Supportcode, den Sie einem Techniker vorlesen können – und die SHA-256-Prüfsumme seiner Bytes. Sie halten einen Bericht unverändert und erlauben es Ihnen, und nur Ihnen, seine Löschung zu verlangen. Über Sie sagen sie nichts.

## 6. Ihre Entscheidungen {#your-choices}

Ein Bericht hält fest, welche Teile Sie weggelassen haben, und die Version dieser Erklärung, unter der Sie zugestimmt haben. Ändert sich diese Erklärung, fragt Candor erneut, bevor etwas gesendet wird, auch wenn Sie „Immer senden“ gewählt haben.

## 7. Wohin Berichte gehen {#destinations}

Berichte gehen nur an den Server, der Ihnen vor Ihrer Zustimmung gezeigt wird, über eine verschlüsselte Verbindung. Ihre Einwilligung nennt diesen Server; ein für einen Server freigegebener Bericht wird nicht an einen anderen gesendet, ohne Sie erneut zu fragen.

## 8. Ihre Rechte: einsehen, exportieren und löschen {#your-rights}

Im Verlauf sehen Sie jeden Bericht, den Candor vorbereitet oder gesendet hat, und jede Entscheidung, die Sie getroffen haben. In den Einstellungen unter „Ihre Daten“ können Sie:

- alles, was Candor auf diesem Computer speichert (Berichte, Ihre Entscheidungen, die Empfangsbestätigungen der Server), als eine ZIP-Datei exportieren;
- alles löschen, was Candor auf diesem Computer speichert;
- jeden Server, der einen Bericht empfangen hat, bitten, ihn zu löschen.

## 9. Ihre Einwilligung widerrufen {#withdrawing}

Sie können Ihre Einwilligung jederzeit in den Einstellungen widerrufen. Candor sendet dann nicht mehr automatisch, löscht die Berichte, die auf das Senden warten, und die Kopien nie gesendeter Berichte, und bittet jeden Server, der einen Bericht empfangen hat, ihn zu löschen. Der Widerruf macht nicht ungeschehen, was der Support bereits gelesen hat.

## 10. Wie lange Berichte aufbewahrt werden {#retention}

Der Berichtsserver bewahrt jeden Bericht auf, bis Sie oder der Hersteller ihn löschen, und nicht länger als die Aufbewahrungsfrist, die der Server anwendet; Candor zeigt diese Frist unter „Ihre Daten“, sobald ein Server einen Bericht empfangen hat. Auf Ihrem Computer wird ein Bericht, der nicht gesendet werden kann, für begrenzte Zeit aufbewahrt, und gesendete Berichte bleiben, bis Sie sie löschen.
`;

const ARABIC = `# سياسة الخصوصية في Candor

## 1. ما تشمله هذه السياسة {#scope}

تشمل هذه السياسة تقارير الأعطال والمشكلات التي يُعدّها Candor على حاسوبك، ولا يرسلها إلى خادم التقارير الخاص بالتطبيق الذي تعطّل إلا بموافقتك. لا يرسل Candor شيئًا من تلقاء نفسه: يُعرض عليك كل تقرير أولًا بايتًا بايتًا، ولا يغادر حاسوبك إلا حين توافق على هذه البايتات بعينها.

## 2. ما حدث: العطل نفسه {#crash-details}

يصف التقرير العطل: أي تطبيق وأي إصدار، وأي عملية تعطّلت، والخطأ ومكدسه، وملف تفريغ العطل إن اخترت إرساله. قد يحتوي ملف التفريغ الكامل على أجزاء من ذاكرة التطبيق وبيئته وسطر أوامره؛ أما ملف التفريغ المقتصر على المكدسات فيحتفظ بالمكدسات فقط. تُزال الأسماء والعناوين والرموز المميزة وما شابهها من البيانات الشخصية من النص قبل أن تراه.

## 3. نظامك {#system-details}

قد يحمل التقرير المعلومات التي يحتاجها الدعم لإعادة إنتاج العطل: نظام التشغيل وإصداره، والمعالج والذاكرة والرسوميات، والمتصفحات المثبتة، وإصدارات ‎.NET. ويمكنك استبعاد أي قسم من هذه الأقسام.

## 4. ما تكتبه {#your-words}

يُرسل تعليقك كما كتبته. ولا يُرسل عنوان بريدك الإلكتروني إلا إذا أدخلته، ليتمكن الدعم من الرد عليك؛ ولا يؤخذ من أي مكان آخر.

## 5. المعرّفات والبصمات {#report-keeping}

لكل تقرير معرّف عشوائي، وهو رمز الدعم الذي يمكنك قراءته لمهندس الدعم، وبصمة SHA-256 لبايتاته. يحفظان التقرير كاملًا دون تغيير، ويتيحان لك، ولك وحدك، طلب حذفه. ولا يقولان شيئًا عنك.

## 6. اختياراتك {#your-choices}

يسجّل التقرير الأقسام التي استبعدتها، وإصدار هذه السياسة الذي وافقت بموجبه. وحين تتغير هذه السياسة، يسألك Candor مرة أخرى قبل إرسال أي شيء، حتى إن اخترت «أرسل دائمًا».

## 7. إلى أين تذهب التقارير {#destinations}

لا تذهب التقارير إلا إلى الخادم الذي يُعرض عليك قبل موافقتك، عبر اتصال مشفّر. تسمّي موافقتك ذلك الخادم؛ ولا يُرسل تقرير وافقت على إرساله إلى خادم ما إلى خادم آخر دون أن تُسأل مرة أخرى.

## 8. حقوقك: الاطلاع والتصدير والحذف {#your-rights}

يمكنك أن ترى في السجل كل تقرير أعدّه Candor أو أرسله، وكل قرار اتخذته. وفي الإعدادات، تحت «بياناتك»، يمكنك:

- تصدير كل ما يحتفظ به Candor على هذا الحاسوب (التقارير وقراراتك وإيصالات الخوادم) في ملف zip واحد؛
- حذف كل ما يحتفظ به Candor على هذا الحاسوب؛
- أن تطلب من كل خادم استلم تقريرًا أن يحذفه.

## 9. سحب موافقتك {#withdrawing}

يمكنك سحب موافقتك في أي وقت من الإعدادات. عندها يتوقف Candor عن الإرسال التلقائي، ويحذف التقارير التي تنتظر الإرسال ونسخ التقارير التي لم تُرسل قط، ويطلب من كل خادم استلم تقريرًا أن يحذفه. ولا يلغي سحب الموافقة ما قرأه الدعم بالفعل.

## 10. مدة الاحتفاظ بالتقارير {#retention}

يحتفظ خادم التقارير بكل تقرير إلى أن تحذفه أنت أو الجهة المصنّعة، ولا يتجاوز ذلك مدة الاحتفاظ التي يطبقها الخادم؛ ويعرض Candor هذه المدة تحت «بياناتك» بمجرد أن يستلم خادم تقريرًا. وعلى حاسوبك، يُحتفظ بالتقرير الذي تعذّر إرساله لمدة محدودة، وتبقى التقارير التي أرسلتها إلى أن تحذفها.
`;

/** The seed policy's text in each language Candor speaks; English is the one written first. */
export const SEED_POLICY_TEXTS = { en: ENGLISH, de: GERMAN, ar: ARABIC } as const;
