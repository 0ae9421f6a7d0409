/**
 * A working group's report and the exports' texts in each script the
 * languages use, for the tests that look at rendered pages.
 *
 * The texts are the tests' own, not locales/: translators are still at work
 * on those, and a fixture page must not change each time a word is improved.
 * They are plain sentences of the kind the brief carries, chosen to hold
 * what goes wrong in each script: Devanagari and Bengali conjuncts and vowel
 * signs before their consonant; Georgian and Cyrillic letters of the
 * smaller languages (Kyrgyz ө, ү, ң; Tajik ҳ, ҷ, ӣ); Arabic joined letters
 * with a Latin name, numbers, a date like 2026-12-31 and a command like
 * /vote inside its sentences, and brackets to mirror.
 */
import { isolate, isRightToLeft } from "../../src/domain/direction.ts";
import type { GroupReport } from "../../src/domain/report.ts";
import type { Texts } from "../../src/flows/texts.ts";
import { texts as realTexts } from "./texts.ts";

const at = (iso: string): Date => new Date(iso);

/** What a group writes, in its language. */
interface Written {
  group: string;
  place: string;
  programme: string;
  timeZone: string;
  /** Three concerns, the first two chosen as priorities. */
  concerns: [string, string, string];
  problem: string;
  steps: [string, string];
  objective: string;
  tasks: [string, string, string];
  owners: [string, string];
  progress: string;
  indicator: string;
  lesson: string;
}

/** The texts a brief and its charts use, by the key the exports ask for; plural forms as `key_one`, `key_few`… */
type Words = Record<string, string>;

export interface ScriptSample {
  /** What the fixture files are named after. */
  script: string;
  locale: string;
  written?: Written;
  words?: Words;
}

export function sampleReport(written: Written): GroupReport {
  return {
    groupName: written.group,
    place: written.place,
    programme: written.programme,
    timeZone: written.timeZone,
    cycleNumber: 1,
    cycleStartedAt: at("2026-09-01T06:00:00Z"),
    cycleClosedAt: null,
    step: 4,
    at: at("2026-12-31T09:00:00Z"),
    members: 14,
    priorities: [
      { rank: 1, concernNumber: 2, text: written.concerns[0], measure: { unit: "points", count: 23 } },
      { rank: 2, concernNumber: 1, text: written.concerns[1], measure: { unit: "points", count: 12 } },
    ],
    lastVote: {
      options: written.concerns,
      result: {
        method: "dot",
        lines: [
          { rank: 1, position: 1, measure: { unit: "points", count: 23 } },
          { rank: 2, position: 2, measure: { unit: "points", count: 12 } },
          { rank: 3, position: 3, measure: { unit: "points", count: 4 } },
        ],
        runoffs: [],
      },
    },
    turnout: { cast: 11, eligible: 14, percent: 79 },
    plans: [
      {
        priority: written.concerns[0],
        problem: written.problem,
        status: "approved",
        gaps: 0,
        steps: [
          { text: written.steps[0], horizon: "quick" },
          { text: written.steps[1], horizon: "long" },
        ],
        objectives: [written.objective],
        tasks: [
          { title: written.tasks[0], ownerName: written.owners[0], dueAt: at("2026-10-15T00:00:00Z"), status: "done", horizon: "quick", overdue: false, progress: null },
          { title: written.tasks[1], ownerName: written.owners[1], dueAt: at("2026-11-30T00:00:00Z"), status: "doing", horizon: "long", overdue: true, progress: { text: written.progress, at: at("2026-12-20T08:00:00Z") } },
          { title: written.tasks[2], ownerName: null, dueAt: null, status: "open", horizon: "quick", overdue: false, progress: null },
        ],
        indicators: [
          {
            name: written.indicator,
            baseline: 6,
            target: 0,
            readings: [
              { value: 4, recordedAt: at("2026-10-31T10:00:00Z") },
              { value: 2, recordedAt: at("2026-11-30T10:00:00Z") },
            ],
          },
        ],
        nextReview: at("2027-01-15T06:00:00Z"),
        evaluations: [],
      },
    ],
    lessons: [written.lesson],
    lastActivityAt: at("2026-12-30T12:00:00Z"),
  };
}

/**
 * Texts for the samples: the real ones for languages the tests have
 * always used (English, Burmese), the sample's own words for the others.
 * A key a sample lacks fails the test, as a missing real text does.
 */
export function sampleTexts(samples: readonly ScriptSample[]): Texts {
  const own = new Map(samples.flatMap((sample) => (sample.words ? [[sample.locale, sample.words] as const] : [])));
  return {
    t(locale, key, vars) {
      const words = own.get(locale);
      if (!words) return realTexts.t(locale, key, vars);
      const count = vars?.["count"];
      const form = typeof count === "number" ? `${key}_${count === 0 && `${key}_zero` in words ? "zero" : new Intl.PluralRules(locale).select(count)}` : key;
      const text = words[form] ?? words[key];
      if (text === undefined) throw new Error(`The ${locale} sample has no text "${form}"`);
      // As the real texts do (src/i18n.ts), a right-to-left language's values are isolated.
      const value = (name: string) => String(vars?.[name] ?? "");
      return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (isRightToLeft(locale) && value(name) !== "" ? isolate(value(name)) : value(name)));
    },
  };
}

const ARABIC: ScriptSample = {
  script: "arabic",
  locale: "ar",
  written: {
    group: "مجموعة عمل أمن المجتمع في حي الشيخ عثمان",
    place: "عدن، اليمن",
    programme: "برنامج أمن المجتمع مع Saferworld",
    timeZone: "Asia/Aden",
    concerns: ["سرقة الدراجات النارية قرب سوق Al-Mansoura ليلاً", "لا إنارة في الطريق إلى المدرسة (3 كم)", "حمل السلاح بين الشباب"],
    problem: "منذ 2026-10-01 سُرقت 6 دراجات من موقف السوق بعد المغرب. صوّت الأعضاء عبر /vote فجاءت هذه المشكلة أولاً.",
    steps: ["تركيب حاجز بقفل في موقف السوق", "طلب اجتماع شهري مع الشرطة والتجار"],
    objective: "لا دراجة مسروقة في السوق حتى 2026-12-31",
    tasks: ["شراء الحاجز", "الكتابة إلى مركز شرطة المديرية", "تنظيم مناوبات حراسة ليلية"],
    owners: ["أم سالم", "Ahmed Saleh"],
    progress: "سُلّمت الرسالة يوم 2026-12-20؛ وعد المدير بالرد بعد الاجتماع.",
    indicator: "عدد الدراجات المسروقة كل شهر",
    lesson: "يستجيب المسؤولون أسرع عندما يطلب التجار والشرطة والسكان معاً.",
  },
  words: {
    "exports:brief.title": "موجز أمن المجتمع",
    "exports:brief.document-title": "موجز أمن المجتمع: {{group}}",
    "exports:brief.intro": "هذا الموجز موجّه إلى السلطات المحلية وصانعي السياسات. يعرض المخاوف الأمنية التي اختارها سكان هذا المجتمع بوصفها الأهم، وما تفعله مجموعة عمل أمن المجتمع حيالها، وما تعلّمته المجموعة. يمكن لدروس العمل المحلي أن تساعد على تحسين السياسات والممارسات على مستويات أعلى.",
    "exports:brief.priorities": "أولويات المجتمع",
    "exports:brief.plans": "خطط العمل والتقدّم",
    "exports:brief.tasks": "المهام: {{done}} منجزة، {{doing}} قيد التنفيذ، {{open}} لم تبدأ، {{dropped}} متروكة.",
    "exports:brief.overdue": "مهام متأخرة:",
    "exports:brief.overdue-task": "{{title}} (موعدها {{date}})",
    "exports:brief.progress": "آخر تقدّم:",
    "exports:brief.progress-note": "{{title}} ({{date}}): {{note}}",
    "exports:brief.evaluation": "التقييم والدروس",
    "exports:brief.no-evaluation": "لم تقيّم المجموعة خططها بعد.",
    "exports:brief.made": "أعدّه Baraza في {{date}}",
    "exports:brief.page": "الصفحة {{page}} من {{pages}}",
    "exports:group.covers-current": "يغطي هذا الموجز الدورة {{cycle}}، من {{start}} حتى الآن.",
    "exports:group.place": "المكان: {{place}}",
    "exports:group.programme": "البرنامج: {{programme}}",
    "exports:group.step": "الدورة {{cycle}}، الخطوة {{step}} من 5: {{name}}",
    "exports:group.members_zero": "لا أعضاء",
    "exports:group.members_one": "عضو واحد",
    "exports:group.members_two": "عضوان",
    "exports:group.members_few": "{{count}} أعضاء",
    "exports:group.members_many": "{{count}} عضواً",
    "exports:group.members_other": "{{count}} عضو",
    "exports:group.last-activity": "آخر نشاط: {{date}}",
    "exports:priorities.item": "{{text}}: {{result}}",
    "exports:plan.heading": "خطة لـ: {{priority}}",
    "exports:plan.status": "الحالة:",
    "exports:plan.problem": "المشكلة:",
    "exports:plan.steps": "الخطوات:",
    "exports:plan.step": "{{text}} ({{horizon}})",
    "exports:plan.objectives": "الأهداف:",
    "exports:plan.indicators": "مقاييس التقدّم:",
    "exports:plan.next-review": "المراجعة التالية:",
    "exports:indicator.from": "في البداية {{value}}",
    "exports:indicator.now": "الآن {{value}}",
    "exports:indicator.aim": "الهدف {{value}}",
    "exports:indicator.not-measured": "لم يُقَس بعد",
    "exports:indicator.target": "الهدف",
    "exports:indicator.baseline": "في البداية",
    "exports:list-separator": "، ",
    "exports:lessons.heading": "الدروس المستفادة",
    "exports:task-status.open": "لم تبدأ",
    "exports:task-status.doing": "قيد التنفيذ",
    "exports:task-status.done": "منجزة",
    "exports:task-status.dropped": "متروكة",
    "exports:vote.chart-title": "أيّ المخاوف أهمّ: آخر تصويت في {{group}}",
    "exports:progress.chart-title": "تقدّم خطط العمل في {{group}}",
    "exports:progress.tasks-title": "المهام حسب الحالة، لكل خطة",
    "exports:progress.tasks-axis": "عدد المهام",
    "steps.4.name": "التنفيذ والمتابعة",
    "plans.status.approved": "معتمدة",
    "plans.horizon.quick": "حلّ سريع",
    "plans.horizon.long": "طويل الأمد",
    "vote.points_zero": "لا نقاط",
    "vote.points_one": "نقطة واحدة",
    "vote.points_two": "نقطتان",
    "vote.points_few": "{{count}} نقاط",
    "vote.points_many": "{{count}} نقطة",
    "vote.points_other": "{{count}} نقطة",
    "results.points-heading": "النقاط",
    "results.turnout": "صوّت {{cast}} من {{count}} عضواً ({{percent}}٪).",
  },
};

const DEVANAGARI: ScriptSample = {
  script: "devanagari",
  locale: "ne",
  written: {
    group: "धनगढी वडा ५ सामुदायिक सुरक्षा कार्यसमूह",
    place: "कैलाली, सुदूरपश्चिम प्रदेश",
    programme: "सामुदायिक सुरक्षा कार्यक्रम (Saferworld)",
    timeZone: "Asia/Kathmandu",
    concerns: ["बजार नजिक रातमा मोटरसाइकल चोरी", "विद्यालय जाने बाटोमा बत्ती छैन", "घरेलु हिंसाका घटना"],
    problem: "२०२६ अक्टोबरदेखि बजारको पार्किङबाट ६ वटा मोटरसाइकल चोरी भए। व्यापारीहरू साँझ पसल खोल्न डराउँछन्।",
    steps: ["पार्किङमा ताल्चा लाग्ने फलामे रेलिङ राख्ने", "प्रहरीसँग मासिक भेटघाटको अनुरोध गर्ने"],
    objective: "2026-12-31 सम्म बजारमा एउटा पनि मोटरसाइकल चोरी नहोस्",
    tasks: ["फलामे रेलिङ किन्ने", "इलाका प्रहरी कार्यालयलाई पत्र लेख्ने", "रात्रि पहरेदारीको पालो मिलाउने"],
    owners: ["सीता कुमारी थापा", "Ram Bahadur"],
    progress: "पत्र बुझाइयो; प्रहरी प्रमुखले चाडपछि जवाफ दिने भन्नुभयो।",
    indicator: "हरेक महिना बजारमा चोरी भएका मोटरसाइकल",
    lesson: "व्यापारी, प्रहरी र गाउँलेहरू सँगै माग्दा अधिकारीहरूले छिटो सुन्छन्।",
  },
  words: {
    "exports:brief.title": "सामुदायिक सुरक्षा सारांश",
    "exports:brief.document-title": "सामुदायिक सुरक्षा सारांश: {{group}}",
    "exports:brief.intro": "यो सारांश स्थानीय अधिकारी र नीति निर्माताहरूका लागि हो। यसले यस समुदायका मानिसहरूले सबैभन्दा महत्त्वपूर्ण भनी छानेका सुरक्षा चिन्ता, तिनका बारेमा सामुदायिक सुरक्षा कार्यसमूहले के गरिरहेको छ, र समूहले के सिक्यो भन्ने देखाउँछ।",
    "exports:brief.priorities": "समुदायका प्राथमिकताहरू",
    "exports:brief.plans": "कार्ययोजना र प्रगति",
    "exports:brief.tasks": "कामहरू: {{done}} सकियो, {{doing}} चलिरहेको, {{open}} सुरु नभएको, {{dropped}} छाडिएको।",
    "exports:brief.overdue": "ढिला भएका कामहरू:",
    "exports:brief.overdue-task": "{{title}} (म्याद {{date}})",
    "exports:brief.progress": "पछिल्लो प्रगति:",
    "exports:brief.progress-note": "{{title}} ({{date}}): {{note}}",
    "exports:brief.evaluation": "मूल्याङ्कन र सिकाइ",
    "exports:brief.no-evaluation": "समूहले अहिलेसम्म आफ्ना योजनाको मूल्याङ्कन गरेको छैन।",
    "exports:brief.made": "Baraza ले {{date}} मा तयार पारेको",
    "exports:brief.page": "पृष्ठ {{page}} / {{pages}}",
    "exports:group.covers-current": "यो सारांशले चक्र {{cycle}}, {{start}} देखि अहिलेसम्मको कुरा समेट्छ।",
    "exports:group.place": "ठाउँ: {{place}}",
    "exports:group.programme": "कार्यक्रम: {{programme}}",
    "exports:group.step": "चक्र {{cycle}}, ५ मध्ये चरण {{step}}: {{name}}",
    "exports:group.members_one": "{{count}} सदस्य",
    "exports:group.members_other": "{{count}} सदस्यहरू",
    "exports:group.last-activity": "पछिल्लो गतिविधि: {{date}}",
    "exports:priorities.item": "{{text}}: {{result}}",
    "exports:plan.heading": "योजना: {{priority}}",
    "exports:plan.status": "अवस्था:",
    "exports:plan.problem": "समस्या:",
    "exports:plan.steps": "चरणहरू:",
    "exports:plan.step": "{{text}} ({{horizon}})",
    "exports:plan.objectives": "उद्देश्यहरू:",
    "exports:plan.indicators": "प्रगतिका मापदण्ड:",
    "exports:plan.next-review": "अर्को समीक्षा:",
    "exports:indicator.from": "सुरुमा {{value}}",
    "exports:indicator.now": "अहिले {{value}}",
    "exports:indicator.aim": "लक्ष्य {{value}}",
    "exports:indicator.not-measured": "अझै मापन गरिएको छैन",
    "exports:indicator.target": "लक्ष्य",
    "exports:indicator.baseline": "सुरुमा",
    "exports:list-separator": ", ",
    "exports:lessons.heading": "सिकेका कुराहरू",
    "exports:task-status.open": "सुरु नभएको",
    "exports:task-status.doing": "चलिरहेको",
    "exports:task-status.done": "सकियो",
    "exports:task-status.dropped": "छाडिएको",
    "exports:vote.chart-title": "कुन चिन्ता सबैभन्दा महत्त्वपूर्ण: {{group}} को पछिल्लो मतदान",
    "exports:progress.chart-title": "{{group}} का कार्ययोजनाको प्रगति",
    "exports:progress.tasks-title": "हरेक योजनाका कामहरू, अवस्था अनुसार",
    "exports:progress.tasks-axis": "कामको सङ्ख्या",
    "steps.4.name": "कार्यान्वयन र अनुगमन",
    "plans.status.approved": "स्वीकृत",
    "plans.horizon.quick": "तुरुन्तै गर्न सकिने",
    "plans.horizon.long": "दीर्घकालीन",
    "vote.points_one": "{{count}} अङ्क",
    "vote.points_other": "{{count}} अङ्क",
    "results.points-heading": "अङ्क",
    "results.turnout": "{{count}} मध्ये {{cast}} सदस्यले मत दिए ({{percent}}%)।",
  },
};

const BENGALI: ScriptSample = {
  script: "bengali",
  locale: "bn",
  written: {
    group: "কক্সবাজার ক্যাম্প ১৫ কমিউনিটি নিরাপত্তা কার্যদল",
    place: "উখিয়া, কক্সবাজার",
    programme: "কমিউনিটি নিরাপত্তা কর্মসূচি (Saferworld)",
    timeZone: "Asia/Dhaka",
    concerns: ["রাতে বাজারের কাছে মোটরসাইকেল চুরি", "স্কুলের রাস্তায় কোনো বাতি নেই", "মাদক বিক্রি বেড়ে যাওয়া"],
    problem: "অক্টোবর থেকে বাজারের পার্কিং থেকে ৬টি মোটরসাইকেল চুরি হয়েছে। দোকানদাররা সন্ধ্যায় দোকান খুলতে ভয় পান।",
    steps: ["পার্কিংয়ে তালা দেওয়া যায় এমন লোহার রেলিং বসানো", "পুলিশের সঙ্গে মাসিক সভার অনুরোধ করা"],
    objective: "2026-12-31 পর্যন্ত বাজারে একটিও মোটরসাইকেল চুরি না হওয়া",
    tasks: ["লোহার রেলিং কেনা", "থানায় চিঠি লেখা", "রাতের পাহারার পালা ঠিক করা"],
    owners: ["রহিমা খাতুন", "Abdul Karim"],
    progress: "চিঠি জমা দেওয়া হয়েছে; ওসি সাহেব ঈদের পরে উত্তর দেবেন বলেছেন।",
    indicator: "প্রতি মাসে বাজারে চুরি হওয়া মোটরসাইকেল",
    lesson: "দোকানদার, পুলিশ আর গ্রামবাসী একসঙ্গে চাইলে কর্মকর্তারা দ্রুত সাড়া দেন।",
  },
  words: {
    "exports:brief.title": "কমিউনিটি নিরাপত্তা সারসংক্ষেপ",
    "exports:brief.document-title": "কমিউনিটি নিরাপত্তা সারসংক্ষেপ: {{group}}",
    "exports:brief.intro": "এই সারসংক্ষেপ স্থানীয় কর্তৃপক্ষ ও নীতিনির্ধারকদের জন্য। এতে দেখানো হয়েছে এই এলাকার মানুষ কোন নিরাপত্তা সমস্যাগুলোকে সবচেয়ে গুরুত্বপূর্ণ বলে বেছে নিয়েছেন, কমিউনিটি নিরাপত্তা কার্যদল সেগুলো নিয়ে কী করছে, আর দলটি কী শিখেছে।",
    "exports:brief.priorities": "এলাকার অগ্রাধিকার",
    "exports:brief.plans": "কর্মপরিকল্পনা ও অগ্রগতি",
    "exports:brief.tasks": "কাজ: {{done}}টি শেষ, {{doing}}টি চলছে, {{open}}টি শুরু হয়নি, {{dropped}}টি বাদ।",
    "exports:brief.overdue": "দেরি হওয়া কাজ:",
    "exports:brief.overdue-task": "{{title}} (শেষ তারিখ {{date}})",
    "exports:brief.progress": "সর্বশেষ অগ্রগতি:",
    "exports:brief.progress-note": "{{title}} ({{date}}): {{note}}",
    "exports:brief.evaluation": "মূল্যায়ন ও শিক্ষা",
    "exports:brief.no-evaluation": "দলটি এখনও তাদের পরিকল্পনার মূল্যায়ন করেনি।",
    "exports:brief.made": "Baraza {{date}} তারিখে তৈরি করেছে",
    "exports:brief.page": "পৃষ্ঠা {{page}} / {{pages}}",
    "exports:group.covers-current": "এই সারসংক্ষেপে চক্র {{cycle}}, {{start}} থেকে এখন পর্যন্ত।",
    "exports:group.place": "স্থান: {{place}}",
    "exports:group.programme": "কর্মসূচি: {{programme}}",
    "exports:group.step": "চক্র {{cycle}}, ৫টির মধ্যে ধাপ {{step}}: {{name}}",
    "exports:group.members_one": "{{count}} জন সদস্য",
    "exports:group.members_other": "{{count}} জন সদস্য",
    "exports:group.last-activity": "সর্বশেষ কার্যকলাপ: {{date}}",
    "exports:priorities.item": "{{text}}: {{result}}",
    "exports:plan.heading": "পরিকল্পনা: {{priority}}",
    "exports:plan.status": "অবস্থা:",
    "exports:plan.problem": "সমস্যা:",
    "exports:plan.steps": "ধাপগুলো:",
    "exports:plan.step": "{{text}} ({{horizon}})",
    "exports:plan.objectives": "লক্ষ্য:",
    "exports:plan.indicators": "অগ্রগতির মাপকাঠি:",
    "exports:plan.next-review": "পরবর্তী পর্যালোচনা:",
    "exports:indicator.from": "শুরুতে {{value}}",
    "exports:indicator.now": "এখন {{value}}",
    "exports:indicator.aim": "লক্ষ্য {{value}}",
    "exports:indicator.not-measured": "এখনও মাপা হয়নি",
    "exports:indicator.target": "লক্ষ্য",
    "exports:indicator.baseline": "শুরুতে",
    "exports:list-separator": ", ",
    "exports:lessons.heading": "যা শিখেছি",
    "exports:task-status.open": "শুরু হয়নি",
    "exports:task-status.doing": "চলছে",
    "exports:task-status.done": "শেষ",
    "exports:task-status.dropped": "বাদ",
    "exports:vote.chart-title": "কোন সমস্যা সবচেয়ে জরুরি: {{group}}-এর সর্বশেষ ভোট",
    "exports:progress.chart-title": "{{group}}-এর কর্মপরিকল্পনার অগ্রগতি",
    "exports:progress.tasks-title": "প্রতিটি পরিকল্পনার কাজ, অবস্থা অনুযায়ী",
    "exports:progress.tasks-axis": "কাজের সংখ্যা",
    "steps.4.name": "বাস্তবায়ন ও পর্যবেক্ষণ",
    "plans.status.approved": "অনুমোদিত",
    "plans.horizon.quick": "দ্রুত সমাধান",
    "plans.horizon.long": "দীর্ঘমেয়াদি",
    "vote.points_one": "{{count}} পয়েন্ট",
    "vote.points_other": "{{count}} পয়েন্ট",
    "results.points-heading": "পয়েন্ট",
    "results.turnout": "{{count}} জনের মধ্যে {{cast}} জন ভোট দিয়েছেন ({{percent}}%)।",
  },
};

const GEORGIAN: ScriptSample = {
  script: "georgian",
  locale: "ka",
  written: {
    group: "ზუგდიდის თემის უსაფრთხოების სამუშაო ჯგუფი",
    place: "ზუგდიდი, სამეგრელო",
    programme: "თემის უსაფრთხოების პროგრამა (Saferworld)",
    timeZone: "Asia/Tbilisi",
    concerns: ["მოტოციკლების ქურდობა ბაზართან ღამით", "სკოლისკენ მიმავალ გზაზე განათება არ არის", "ახალგაზრდებს შორის ჩხუბი"],
    problem: "ოქტომბრიდან ბაზრის ავტოსადგომიდან 6 მოტოციკლი მოიპარეს. ვაჭრებს საღამოს დახლის გახსნის ეშინიათ.",
    steps: ["ავტოსადგომზე ჩასაკეტი რკინის მოაჯირის დადგმა", "პოლიციასთან ყოველთვიური შეხვედრის თხოვნა"],
    objective: "2026-12-31-მდე ბაზარზე არც ერთი მოტოციკლი არ მოიპაროს",
    tasks: ["რკინის მოაჯირის ყიდვა", "რაიონის პოლიციისთვის წერილის მიწერა", "ღამის მორიგეობის განრიგის შედგენა"],
    owners: ["ნინო ბერიძე", "Giorgi K."],
    progress: "წერილი ჩაბარდა; განყოფილების უფროსი დღესასწაულის შემდეგ გვიპასუხებს.",
    indicator: "ბაზარზე მოპარული მოტოციკლები ყოველთვიურად",
    lesson: "თანამდებობის პირები უფრო სწრაფად პასუხობენ, როცა ვაჭრები, პოლიცია და მცხოვრებლები ერთად ითხოვენ.",
  },
  words: {
    "exports:brief.title": "თემის უსაფრთხოების მოკლე ანგარიში",
    "exports:brief.document-title": "თემის უსაფრთხოების მოკლე ანგარიში: {{group}}",
    "exports:brief.intro": "ეს მოკლე ანგარიში განკუთვნილია ადგილობრივი ხელისუფლებისა და პოლიტიკის შემქმნელებისთვის. ის აჩვენებს, რომელი უსაფრთხოების პრობლემები აირჩიეს ამ თემის ადამიანებმა ყველაზე მნიშვნელოვნად, რას აკეთებს მათთან დაკავშირებით სამუშაო ჯგუფი და რა ისწავლა ჯგუფმა.",
    "exports:brief.priorities": "თემის პრიორიტეტები",
    "exports:brief.plans": "სამოქმედო გეგმები და პროგრესი",
    "exports:brief.tasks": "ამოცანები: {{done}} შესრულდა, {{doing}} მიმდინარეობს, {{open}} არ დაწყებულა, {{dropped}} შეწყდა.",
    "exports:brief.overdue": "დაგვიანებული ამოცანები:",
    "exports:brief.overdue-task": "{{title}} (ვადა {{date}})",
    "exports:brief.progress": "ბოლო პროგრესი:",
    "exports:brief.progress-note": "{{title}} ({{date}}): {{note}}",
    "exports:brief.evaluation": "შეფასება და გაკვეთილები",
    "exports:brief.no-evaluation": "ჯგუფს ჯერ არ შეუფასებია თავისი გეგმები.",
    "exports:brief.made": "მოამზადა Baraza-მ {{date}}",
    "exports:brief.page": "გვერდი {{page}} / {{pages}}",
    "exports:group.covers-current": "ეს ანგარიში მოიცავს ციკლს {{cycle}}, {{start}}-დან დღემდე.",
    "exports:group.place": "ადგილი: {{place}}",
    "exports:group.programme": "პროგრამა: {{programme}}",
    "exports:group.step": "ციკლი {{cycle}}, ნაბიჯი {{step}} 5-დან: {{name}}",
    "exports:group.members_one": "{{count}} წევრი",
    "exports:group.members_other": "{{count}} წევრი",
    "exports:group.last-activity": "ბოლო აქტივობა: {{date}}",
    "exports:priorities.item": "{{text}}: {{result}}",
    "exports:plan.heading": "გეგმა: {{priority}}",
    "exports:plan.status": "სტატუსი:",
    "exports:plan.problem": "პრობლემა:",
    "exports:plan.steps": "ნაბიჯები:",
    "exports:plan.step": "{{text}} ({{horizon}})",
    "exports:plan.objectives": "მიზნები:",
    "exports:plan.indicators": "პროგრესის საზომები:",
    "exports:plan.next-review": "შემდეგი განხილვა:",
    "exports:indicator.from": "დასაწყისში {{value}}",
    "exports:indicator.now": "ახლა {{value}}",
    "exports:indicator.aim": "მიზანი {{value}}",
    "exports:indicator.not-measured": "ჯერ არ გაზომილა",
    "exports:indicator.target": "მიზანი",
    "exports:indicator.baseline": "დასაწყისში",
    "exports:list-separator": ", ",
    "exports:lessons.heading": "მიღებული გაკვეთილები",
    "exports:task-status.open": "არ დაწყებულა",
    "exports:task-status.doing": "მიმდინარეობს",
    "exports:task-status.done": "შესრულდა",
    "exports:task-status.dropped": "შეწყდა",
    "exports:vote.chart-title": "რომელი პრობლემაა ყველაზე მნიშვნელოვანი: ბოლო კენჭისყრა, {{group}}",
    "exports:progress.chart-title": "სამოქმედო გეგმების პროგრესი: {{group}}",
    "exports:progress.tasks-title": "ამოცანები სტატუსის მიხედვით, თითოეული გეგმისთვის",
    "exports:progress.tasks-axis": "ამოცანების რაოდენობა",
    "steps.4.name": "განხორციელება და მონიტორინგი",
    "plans.status.approved": "დამტკიცებულია",
    "plans.horizon.quick": "სწრაფი გამოსავალი",
    "plans.horizon.long": "გრძელვადიანი",
    "vote.points_one": "{{count}} ქულა",
    "vote.points_other": "{{count}} ქულა",
    "results.points-heading": "ქულები",
    "results.turnout": "{{count}} წევრიდან ხმა მისცა {{cast}}-მა ({{percent}}%).",
  },
};

const CYRILLIC: ScriptSample = {
  script: "cyrillic",
  locale: "ru",
  written: {
    group: "Рабочая группа по безопасности махалли «Жаңы-Арык» (Өзгөн)",
    place: "Өзгөнский район, Ошская область",
    programme: "Программа общественной безопасности (Saferworld)",
    timeZone: "Asia/Bishkek",
    concerns: ["Кражи мотоциклов у рынка по ночам", "Нет освещения на дороге к школе № 3", "Драки молодёжи после свадеб"],
    problem: "С октября с рыночной стоянки угнали 6 мотоциклов. Торговцы боятся открывать лотки вечером.",
    steps: ["Поставить на стоянке ограждение с замком", "Попросить милицию о ежемесячной встрече с торговцами"],
    objective: "До 2026-12-31 — ни одной кражи мотоцикла на рынке",
    tasks: ["Купить ограждение", "Написать письмо в районный ОВД", "Составить график ночных дежурств"],
    owners: ["Гүлнара Токтогулова", "Ҷамшед Раҳимӣ"],
    progress: "Письмо передано; начальник ответит после праздника Нооруз.",
    indicator: "Мотоциклов украдено на рынке за месяц",
    lesson: "Власти отвечают быстрее, когда торговцы, милиция и жители просят вместе.",
  },
  words: {
    "exports:brief.title": "Краткий отчёт об общественной безопасности",
    "exports:brief.document-title": "Краткий отчёт об общественной безопасности: {{group}}",
    "exports:brief.intro": "Этот отчёт предназначен для местных властей и тех, кто принимает решения. В нём показано, какие проблемы безопасности жители выбрали как самые важные, что делает с ними рабочая группа и чему группа научилась.",
    "exports:brief.priorities": "Приоритеты жителей",
    "exports:brief.plans": "Планы действий и ход работы",
    "exports:brief.tasks": "Задачи: выполнено {{done}}, в работе {{doing}}, не начато {{open}}, отменено {{dropped}}.",
    "exports:brief.overdue": "Просроченные задачи:",
    "exports:brief.overdue-task": "{{title}} (срок {{date}})",
    "exports:brief.progress": "Последние новости:",
    "exports:brief.progress-note": "{{title}} ({{date}}): {{note}}",
    "exports:brief.evaluation": "Оценка и уроки",
    "exports:brief.no-evaluation": "Группа ещё не оценила свои планы.",
    "exports:brief.made": "Подготовлено Baraza {{date}}",
    "exports:brief.page": "Страница {{page}} из {{pages}}",
    "exports:group.covers-current": "Отчёт охватывает цикл {{cycle}}, с {{start}} по сей день.",
    "exports:group.place": "Место: {{place}}",
    "exports:group.programme": "Программа: {{programme}}",
    "exports:group.step": "Цикл {{cycle}}, шаг {{step}} из 5: {{name}}",
    "exports:group.members_one": "{{count}} участник",
    "exports:group.members_few": "{{count}} участника",
    "exports:group.members_many": "{{count}} участников",
    "exports:group.members_other": "{{count}} участника",
    "exports:group.last-activity": "Последняя активность: {{date}}",
    "exports:priorities.item": "{{text}}: {{result}}",
    "exports:plan.heading": "План: {{priority}}",
    "exports:plan.status": "Состояние:",
    "exports:plan.problem": "Проблема:",
    "exports:plan.steps": "Шаги:",
    "exports:plan.step": "{{text}} ({{horizon}})",
    "exports:plan.objectives": "Цели:",
    "exports:plan.indicators": "Показатели:",
    "exports:plan.next-review": "Следующий обзор:",
    "exports:indicator.from": "в начале {{value}}",
    "exports:indicator.now": "сейчас {{value}}",
    "exports:indicator.aim": "цель {{value}}",
    "exports:indicator.not-measured": "ещё не измерено",
    "exports:indicator.target": "Цель",
    "exports:indicator.baseline": "В начале",
    "exports:list-separator": ", ",
    "exports:lessons.heading": "Извлечённые уроки",
    "exports:task-status.open": "не начато",
    "exports:task-status.doing": "в работе",
    "exports:task-status.done": "выполнено",
    "exports:task-status.dropped": "отменено",
    "exports:vote.chart-title": "Что важнее всего: последнее голосование, {{group}}",
    "exports:progress.chart-title": "Ход планов действий: {{group}}",
    "exports:progress.tasks-title": "Задачи по состоянию, для каждого плана",
    "exports:progress.tasks-axis": "Число задач",
    "steps.4.name": "Выполнение и наблюдение",
    "plans.status.approved": "утверждён",
    "plans.horizon.quick": "быстрая мера",
    "plans.horizon.long": "долгосрочно",
    "vote.points_one": "{{count}} балл",
    "vote.points_few": "{{count}} балла",
    "vote.points_many": "{{count}} баллов",
    "vote.points_other": "{{count}} балла",
    "results.points-heading": "Баллы",
    "results.turnout": "Проголосовали {{cast}} из {{count}} участников ({{percent}} %).",
  },
};

/** One brief page per script the languages use, Latin and Myanmar from the reports the other tests use. */
export const SCRIPT_SAMPLES: readonly ScriptSample[] = [
  { script: "latin", locale: "en" },
  { script: "myanmar", locale: "my" },
  DEVANAGARI,
  BENGALI,
  GEORGIAN,
  CYRILLIC,
  ARABIC,
];
