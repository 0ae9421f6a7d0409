/**
 * Two reports of a working group well into its cycle: one written in
 * English (with a Burmese name in it, as happens), one written in Burmese.
 */
import type { GroupReport } from "../../src/domain/report.ts";

const at = (iso: string): Date => new Date(iso);

export function englishReport(): GroupReport {
  return {
    groupName: "Mae Ra Moo Community Security Working Group",
    place: "Hpa-an Township, Kayin State",
    programme: "Southeast Myanmar community security",
    timeZone: "Asia/Yangon",
    cycleNumber: 1,
    cycleStartedAt: at("2025-01-05T03:00:00Z"),
    cycleClosedAt: null,
    step: 4,
    // 23:00 UTC is already the next day in Yangon (UTC+6:30).
    at: at("2025-03-06T23:00:00Z"),
    members: 12,
    priorities: [
      { rank: 1, concernNumber: 3, text: "Motorbike theft near the market at night", measure: { unit: "points", count: 21 } },
      { rank: 2, concernNumber: 1, text: "No street lights on the road to the rubber plantation", measure: { unit: "points", count: 17 } },
      { rank: 3, concernNumber: 5, text: "Drunk fights after the Saturday market | sometimes with knives", measure: { unit: "points", count: 9 } },
    ],
    lastVote: {
      options: [
        "Motorbike theft near the market at night",
        "No street lights on the road to the rubber plantation",
        "Drunk fights after the Saturday market | sometimes with knives",
        "Landmines near the old army camp",
        "Loud music at night",
      ],
      result: {
        method: "dot",
        lines: [
          { rank: 1, position: 1, measure: { unit: "points", count: 21 } },
          { rank: 2, position: 2, measure: { unit: "points", count: 17 } },
          { rank: 3, position: 3, measure: { unit: "points", count: 9 } },
          { rank: 4, position: 4, measure: { unit: "points", count: 6 } },
          { rank: 5, position: 5, measure: { unit: "points", count: 2 } },
        ],
        runoffs: [],
      },
    },
    turnout: { cast: 10, eligible: 12, percent: 83 },
    plans: [
      {
        priority: "Motorbike theft near the market at night",
        problem: "Since the harvest, five motorbikes were stolen from the market car park after dark. Owners are afraid to come to the evening market.",
        status: "approved",
        gaps: 0,
        steps: [
          { text: "Fit a lockable chain rail in the car park", horizon: "quick" },
          { text: "Ask the police for a monthly meeting with traders", horizon: "long" },
        ],
        objectives: ["No motorbike stolen at the market for three months", "Traders and police meet every month"],
        tasks: [
          { title: "Buy the chain rail", ownerName: "Naw Htoo", dueAt: at("2025-02-10T00:00:00Z"), status: "done", horizon: "quick", overdue: false, progress: null },
          { title: "Write to the township police", ownerName: "U Kyaw Win (ဦးကျော်ဝင်း)", dueAt: at("2025-02-20T00:00:00Z"), status: "doing", horizon: "long", overdue: true, progress: { text: "Letter delivered; the station chief will answer after the festival", at: at("2025-02-18T09:00:00Z") } },
          { title: "Agree a night watch rota", ownerName: null, dueAt: at("2025-03-20T00:00:00Z"), status: "open", horizon: "quick", overdue: false, progress: null },
          { title: "Paint bay numbers", ownerName: "Saw Eh Doh", dueAt: null, status: "dropped", horizon: "quick", overdue: false, progress: null },
        ],
        indicators: [
          {
            name: "Motorbikes stolen at the market each month",
            baseline: 5,
            target: 0,
            readings: [
              { value: 4, recordedAt: at("2025-01-31T10:00:00Z") },
              { value: 2, recordedAt: at("2025-02-28T10:00:00Z") },
            ],
          },
        ],
        nextReview: at("2025-03-15T03:30:00Z"),
        evaluations: [],
      },
      {
        priority: "No street lights on the road to the rubber plantation",
        problem: "Tappers walk to the plantation at 2 a.m. in the dark; two women were harassed on the road.",
        status: "approved",
        gaps: 0,
        steps: [
          { text: "Tappers walk in groups", horizon: "quick" },
          { text: "Ask the village tract administrator for solar lights", horizon: "long" },
        ],
        objectives: ["Nobody walks to the plantation alone"],
        tasks: [
          { title: "Make a list of who walks when", ownerName: "Daw Mya", dueAt: at("2025-01-15T00:00:00Z"), status: "done", horizon: "quick", overdue: false, progress: null },
          { title: "Meet the administrator", ownerName: "Naw Htoo", dueAt: at("2025-02-01T00:00:00Z"), status: "done", horizon: "long", overdue: false, progress: null },
        ],
        indicators: [{ name: "Women who feel safe on the road (of 20 asked)", baseline: 4, target: 15, readings: [{ value: 11, recordedAt: at("2025-02-25T10:00:00Z") }] }],
        nextReview: null,
        evaluations: [
          {
            objectivesMet: "partly",
            worked: "Walking in groups: every tapper now has a group.",
            didNotWork: "The administrator promised lights but has no budget yet.",
            change: "Invite the township engineer to the next meeting.",
          },
        ],
      },
    ],
    lessons: [
      "Officials answer faster when traders, police and villagers ask together.",
      "Quick fixes kept people coming to meetings while the long-term work waited.",
    ],
    lastActivityAt: at("2025-03-05T09:15:00Z"),
  };
}

export function burmeseReport(): GroupReport {
  return {
    groupName: "မယ်ရမူး ရပ်ရွာလုံခြုံရေး လုပ်ငန်းအဖွဲ့",
    place: "ဘားအံမြို့နယ်၊ ကရင်ပြည်နယ်",
    programme: null,
    timeZone: "Asia/Yangon",
    cycleNumber: 2,
    // A finished cycle, exported afterwards.
    cycleStartedAt: at("2025-01-10T03:00:00Z"),
    cycleClosedAt: at("2025-05-30T10:00:00Z"),
    step: 5,
    at: at("2025-06-01T04:00:00Z"),
    members: 9,
    priorities: [
      { rank: 1, concernNumber: 2, text: "ဈေးနားမှာ ညဘက် ဆိုင်ကယ်ခိုးမှု များလာခြင်း", measure: { unit: "points", count: 14 } },
      { rank: 2, concernNumber: 4, text: "ရော်ဘာခြံသွားတဲ့ လမ်းမှာ လမ်းမီး မရှိခြင်း", measure: { unit: "points", count: 11 } },
    ],
    lastVote: {
      options: [
        "ဈေးနားမှာ ညဘက် ဆိုင်ကယ်ခိုးမှု များလာခြင်း",
        "ရော်ဘာခြံသွားတဲ့ လမ်းမှာ လမ်းမီး မရှိခြင်း",
        "အရက်သောက်ပြီး ရန်ဖြစ်ခြင်း",
      ],
      result: {
        method: "dot",
        lines: [
          { rank: 1, position: 1, measure: { unit: "points", count: 14 } },
          { rank: 2, position: 2, measure: { unit: "points", count: 11 } },
          { rank: 3, position: 3, measure: { unit: "points", count: 5 } },
        ],
        runoffs: [],
      },
    },
    turnout: { cast: 8, eligible: 9, percent: 88 },
    plans: [
      {
        priority: "ဈေးနားမှာ ညဘက် ဆိုင်ကယ်ခိုးမှု များလာခြင်း",
        problem: "ရိတ်သိမ်းချိန်ကစပြီး ညဘက်မှာ ဈေးကားရပ်နားတဲ့နေရာကနေ ဆိုင်ကယ် ငါးစီး ခိုးခံရတယ်။",
        status: "approved",
        gaps: 0,
        steps: [
          { text: "ကားရပ်နားတဲ့နေရာမှာ သော့ခတ်လို့ရတဲ့ သံကြိုး တပ်ဆင်မယ်", horizon: "quick" },
          { text: "ရဲစခန်းနဲ့ ကုန်သည်တွေ လစဉ် တွေ့ဆုံဖို့ တောင်းဆိုမယ်", horizon: "long" },
        ],
        objectives: ["သုံးလအတွင်း ဈေးမှာ ဆိုင်ကယ် တစ်စီးမှ မပျောက်စေရ"],
        tasks: [
          { title: "သံကြိုး ဝယ်မယ်", ownerName: "နော်ထူး", dueAt: at("2025-04-10T00:00:00Z"), status: "done", horizon: "quick", overdue: false, progress: null },
          { title: "မြို့နယ်ရဲစခန်းကို စာရေးမယ်", ownerName: "ဦးကျော်ဝင်း", dueAt: at("2025-05-20T00:00:00Z"), status: "doing", horizon: "long", overdue: true, progress: null },
          { title: "ညကင်း အလှည့်ကျ စီစဉ်မယ်", ownerName: "Saw Eh Doh", dueAt: null, status: "open", horizon: "quick", overdue: false, progress: null },
        ],
        indicators: [
          {
            name: "တစ်လမှာ ဈေးမှာ ခိုးခံရတဲ့ ဆိုင်ကယ် အရေအတွက်",
            baseline: 5,
            target: 0,
            readings: [
              { value: 3, recordedAt: at("2025-04-30T10:00:00Z") },
              { value: 1, recordedAt: at("2025-05-31T10:00:00Z") },
            ],
          },
        ],
        nextReview: at("2025-06-15T03:30:00Z"),
        evaluations: [
          {
            objectivesMet: "met",
            worked: "ကုန်သည်တွေ၊ ရဲနဲ့ ရွာသားတွေ အတူတကွ တောင်းဆိုတော့ အာဏာပိုင်တွေ မြန်မြန် တုံ့ပြန်တယ်။",
            didNotWork: null,
            change: "နောက်တစ်ကြိမ်မှာ အမျိုးသမီးတွေကို အစကတည်းက ပိုပါဝင်စေမယ်။",
          },
        ],
      },
    ],
    lessons: ["အမြန်ဖြေရှင်းချက်တွေကြောင့် ရေရှည်လုပ်ငန်းကို စောင့်နေစဉ် လူတွေ အစည်းအဝေးကို ဆက်လာကြတယ်။"],
    lastActivityAt: at("2025-05-31T12:00:00Z"),
  };
}
