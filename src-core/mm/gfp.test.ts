import { describe, expect, it } from 'vitest'
import {
  __GFP_HIGHMEM, __GFP_NORETRY, __GFP_NOWARN, __GFP_ZERO, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_KERNEL,
  GFP_TRANSHUGE, format_gfp, format_gfp_mode, gfp_migratetype, gfp_zone
} from './gfp'
import { MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, ZONE_HIGHMEM, ZONE_MOVABLE, ZONE_NORMAL } from './mmzone'

describe('%pGg', () => {
  it('prints the masks of the reference logs', () => {
    // boot-1024-frag-first.log, SUMMARY §6 and §10
    expect(format_gfp_mode(GFP_HIGHUSER | __GFP_NORETRY)).toBe('0x110cc2(GFP_HIGHUSER|__GFP_NORETRY)')
    expect(format_gfp_mode(GFP_KERNEL)).toBe('0xcc0(GFP_KERNEL)')
    expect(format_gfp_mode(GFP_KERNEL | __GFP_HIGHMEM | __GFP_NOWARN)).toBe('0x2cc2(GFP_KERNEL|__GFP_HIGHMEM|__GFP_NOWARN)')
  })
  it('puts composite names first and leftovers last', () => {
    expect(format_gfp(GFP_ATOMIC)).toBe('GFP_ATOMIC')
    expect(format_gfp(GFP_HIGHUSER_MOVABLE)).toBe('GFP_HIGHUSER_MOVABLE')
    expect(format_gfp(GFP_TRANSHUGE)).toBe('GFP_TRANSHUGE')
    expect(format_gfp(GFP_KERNEL | __GFP_ZERO)).toBe('GFP_KERNEL|__GFP_ZERO')
    expect(format_gfp(0x10000000)).toBe('0x10000000')
    expect(format_gfp(0)).toBe('')
  })
  it('maps masks to zones and migratetypes', () => {
    expect(gfp_zone(GFP_KERNEL)).toBe(ZONE_NORMAL)
    expect(gfp_zone(GFP_HIGHUSER)).toBe(ZONE_HIGHMEM)
    expect(gfp_zone(GFP_HIGHUSER_MOVABLE)).toBe(ZONE_MOVABLE)
    expect(gfp_migratetype(GFP_HIGHUSER_MOVABLE)).toBe(MIGRATE_MOVABLE)
    expect(gfp_migratetype(GFP_ATOMIC)).toBe(MIGRATE_UNMOVABLE)
  })
})
