// Shared words of officials online, meetups and the most-helpful-netizen award (navigation).
// Each area's page strings live in its own file (live.ts, events.ts, awards.ts).
export default {
  "zh-CN": {
    engagementNav: { live: "公仆在线", events: "网友见面会", awards: "最给力网友", assessment: "考核统计", footer: "更多" },
  },
  en: {
    engagementNav: { live: "Officials online", events: "Meetups", awards: "Most helpful netizen", assessment: "Assessment", footer: "More" },
  },
};
