//! Rules that do not depend on one gateway's wire format: refunds (and, as they land, eligibility,
//! instalment schedules, tender split, 3-D Secure policy and order state).

pub mod refund;
